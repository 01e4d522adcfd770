package dev.modelcache.service.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which {@code Accept} headers get server-sent events: those that rank them above all else. */
class EventStreamTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "text/event-stream | true",
        "TEXT/Event-Stream | true",
        "text/event-stream, */*;q=0.1 | true",
        "application/json;q=0.5, text/event-stream | true",
        "application/json, text/event-stream | false",
        "text/event-stream;q=0.5, application/json | false",
        "text/event-stream;q=0 | false",
        "text/event-stream;q=abc | false",
        "*/* | false",
        "application/json | false",
        "'' | false"
      })
  void eventsOnlyWhenRankedFirst(String accept, boolean events) {
    assertEquals(events, EventStream.preferred(accept));
  }
}
