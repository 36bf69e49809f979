package dev.ciofake.internal.pitfall;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@link Names#personalData}: its cheap guards ('@', digit count) never hide personal data the patterns find. */
class NamesPersonalDataTest {

  @Test
  void findsEachKindAtTheShortestLengthThePatternsAccept() {
    assertThat(Names.personalData("signup ada@example.io")).isEqualTo("email address");
    assertThat(Names.personalData("call +14155552671")).isEqualTo("phone number");
    assertThat(Names.personalData("call 415.555.2671")).isEqualTo("phone number");
    assertThat(Names.personalData("ssn 123-45-6789")).isEqualTo("social security number");
    assertThat(Names.personalData("card 4111 1111 1111 1111")).isEqualTo("payment card number");
    assertThat(Names.personalData("card 4222222222222")).isEqualTo("payment card number"); // 13 digits, Luhn
  }

  @Test
  void ordinaryNamesAreNotPersonalData() {
    assertThat(Names.personalData("order_completed")).isNull();
    assertThat(Names.personalData("plan")).isNull();
    assertThat(Names.personalData("logins_2024")).isNull();
    assertThat(Names.personalData("v1234567")).isNull(); // 7 digits: below every pattern's minimum
    assertThat(Names.personalData("user@")).isNull();
    assertThat(Names.personalData("card 4111 1111 1111 1112")).isNull(); // fails Luhn
  }

  @Test
  void theShortestPhoneThePatternAcceptsHasEightDigits() {
    assertThat(Names.personalData("+12345678")).isEqualTo("phone number");
    assertThat(Names.personalData("+1234567")).isNull();
  }
}
