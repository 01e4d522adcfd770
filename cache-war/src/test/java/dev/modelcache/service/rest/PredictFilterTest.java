package dev.modelcache.service.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The lean door takes only the content types and {@code Accept} headers whose answer cannot depend
 * on the JAX-RS runtime's negotiation; every other request goes on to the resource.
 */
class PredictFilterTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "application/json|''",
        "APPLICATION/Json|''",
        "application/json;charset=UTF-8|UTF-8",
        "application/json; charset=utf-8|utf-8",
        "application/json;  Charset=ISO-8859-1|ISO-8859-1"
      })
  void jsonWithAtMostACharsetIsTaken(String contentType, String charset) {
    assertEquals(charset, PredictFilter.jsonCharset(contentType));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "text/plain",
        "application/x-www-form-urlencoded",
        "application/*",
        "*/*",
        "application/vnd.api+json",
        "application/json ",
        " application/json",
        "application/json;",
        "application/json; foo=bar",
        "application/json; charset=\"utf-8\"",
        "application/json; charset=",
        "application/json; charset=utf-8 ",
        "application/json; charset=utf-8; foo=bar",
        "application/json;;;===",
        "application/json , text/plain",
        "garbage"
      })
  void everyOtherContentTypeIsLeftToJaxRs(String contentType) {
    assertNull(PredictFilter.jsonCharset(contentType), contentType);
  }

  @ParameterizedTest
  @ValueSource(strings = {"*/*", "application/json", "Application/JSON", "application/*"})
  void anAcceptOfJsonOrAnythingIsTaken(String accept) {
    assertTrue(PredictFilter.acceptsJson(accept));
    assertTrue(PredictFilter.acceptsJson(null), "no Accept header");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "text/plain",
        "text/*",
        "text/html,*/*;q=0.8",
        "application/json;q=0",
        "application/json, text/plain",
        "garbage/"
      })
  void everyOtherAcceptIsLeftToJaxRs(String accept) {
    assertFalse(PredictFilter.acceptsJson(accept), accept);
  }
}
