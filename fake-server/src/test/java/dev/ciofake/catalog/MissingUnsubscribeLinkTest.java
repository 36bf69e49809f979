package dev.ciofake.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class MissingUnsubscribeLinkTest extends CatalogTestBase {

  private void sendEmail(String extra) {
    var r = http.app("POST", "/v1/send/email", "{\"transactional_message_id\":3,\"to\":\"ada@example.com\","
        + "\"identifiers\":{\"id\":\"42\"}," + extra + "}");
    assertThat(r.status()).as("send -> %s", r).isEqualTo(200);
  }

  @Test
  void marketingEmailWithoutUnsubscribeLinkFires() {
    sendEmail("\"send_to_unsubscribed\":false,\"body\":\"<p>Our spring sale!</p>\"");

    JsonNode p = onlyPitfall("missing-unsubscribe-link");
    assertThat(p.get("severity").asText()).isEqualTo("warning");
    assertThat(p.at("/evidence/operation").asText()).isEqualTo("send_email");
    assertThat(p.at("/evidence/body_start").asText()).isEqualTo("<p>Our spring sale!</p>");
  }

  @Test
  void broadcastWithAnHtmlBodyInItsDataFires() {
    var r = http.app("POST", "/v1/campaigns/12/triggers", "{\"data\":{\"body\":\"<h1>News</h1>\"}}");
    assertThat(r.status()).as("trigger -> %s", r).isEqualTo(200);

    assertThat(onlyPitfall("missing-unsubscribe-link").at("/evidence/operation").asText())
        .isEqualTo("trigger_broadcast");
  }

  @Test
  void bodiesWithEitherUnsubscribeTagDoNotFire() {
    sendEmail("\"send_to_unsubscribed\":false,\"body\":\"<p>Sale</p><a href='{{{ unsubscribe_url }}}'>x</a>\"");
    sendEmail("\"send_to_unsubscribed\":false,\"body\":\"<p>Sale</p><a href='{% unsubscribe_url %}'>x</a>\"");

    assertThat(pitfalls("missing-unsubscribe-link")).isEmpty();
  }

  @Test
  void transactionalOnlyMessagesDoNotNeedOne() {
    sendEmail("\"body\":\"<p>Your receipt</p>\"");
    sendEmail("\"send_to_unsubscribed\":true,\"body\":\"<p>Your password reset</p>\"");
    sendEmail("\"send_to_unsubscribed\":false,\"body\":\"plain text, no HTML\"");

    assertThat(pitfalls("missing-unsubscribe-link")).isEmpty();
  }
}
