package dev.ciofake.sample;

import static dev.ciofake.assertions.CioAssertions.assertThat;

import dev.ciofake.CioFake;
import dev.ciofake.junit5.CustomerIoFake;
import org.junit.jupiter.api.Test;

@CustomerIoFake
class PipelinesSignupServiceTest {

  @Test
  void signupIdentifiesThePersonThenTracksTheEventOverPipelines(CioFake cio) {
    PipelinesSignupService service = new PipelinesSignupService(cio.pipelinesUrl(), cio.pipelinesApiKey());

    service.signUp("42", "ada@example.com", "pro").join();

    assertThat(cio).person("42").hasEmail("ada@example.com").hasAttribute("plan", "pro");
    assertThat(cio).receivedEvent("Signed Up").forPerson("42").withData("plan", "pro").times(1);
    assertThat(cio).hasNoPitfalls();
  }
}
