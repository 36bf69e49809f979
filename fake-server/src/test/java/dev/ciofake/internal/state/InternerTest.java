package dev.ciofake.internal.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ciofake.internal.util.Interner;
import org.junit.jupiter.api.Test;

/** The bounded string sharing the journal's entries use for repeated header names and values. */
class InternerTest {

  @Test
  void equalStringsComeBackAsOneInstance() {
    Interner interner = new Interner(10, 64);
    String first = interner.share(new String("application/json"));
    String second = interner.share(new String("application/json"));
    assertThat(second).isSameAs(first);
    assertThat(interner.size()).isEqualTo(1);
    assertThat(interner.share(null)).isNull();
  }

  @Test
  void aFullInternerHoldsNoMoreAndCountsWhatItDidNotShare() {
    Interner interner = new Interner(3, 64);
    for (int i = 0; i < 10; i++) {
      interner.share("value-" + i);
    }
    assertThat(interner.size()).isEqualTo(3);
    assertThat(interner.notShared()).isEqualTo(7);
    String late = new String("value-9");
    assertThat(interner.share(late)).isSameAs(late);
    assertThat(interner.share(new String("value-0"))).isEqualTo("value-0");
  }

  @Test
  void longStringsAreNeverHeld() {
    Interner interner = new Interner(10, 8);
    String longOne = "x".repeat(9);
    assertThat(interner.share(longOne)).isSameAs(longOne);
    assertThat(interner.size()).isZero();
  }
}
