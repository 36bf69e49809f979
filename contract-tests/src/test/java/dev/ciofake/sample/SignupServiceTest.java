package dev.ciofake.sample;

import static dev.ciofake.assertions.CioAssertions.assertThat;

import dev.ciofake.CioFake;
import dev.ciofake.junit5.CustomerIoFake;
import org.junit.jupiter.api.Test;

@CustomerIoFake
class SignupServiceTest {

  @Test
  void signupIdentifiesThePersonThenTracksTheEvent(CioFake cio) {
    SignupService service = new SignupService(cio.trackUrl(), cio.siteId(), cio.trackApiKey());

    service.signUp("42", "ada@example.com", "pro");

    cio.await().untilEvent("signed_up").forPerson("42");
    assertThat(cio).person("42").hasEmail("ada@example.com").hasAttribute("plan", "pro");
    assertThat(cio).receivedEvent("signed_up").forPerson("42").withData("plan", "pro").times(1);
    assertThat(cio).hasNoPitfalls();
  }
}
