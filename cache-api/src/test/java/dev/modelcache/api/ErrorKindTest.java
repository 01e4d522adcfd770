package dev.modelcache.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ErrorKindTest {

  @Test
  void codesAreUniqueSnakeCaseAndStatusesAreErrors() {
    Set<String> codes = new HashSet<>();
    for (ErrorKind kind : ErrorKind.values()) {
      assertTrue(codes.add(kind.code()), () -> "duplicate code " + kind.code());
      assertTrue(kind.code().matches("[a-z]+(_[a-z]+)*"), kind.code());
      assertTrue(kind.httpStatus() >= 400 && kind.httpStatus() < 600, kind::toString);
    }
  }

  @Test
  void theSecurityKindsHaveTheirHttpStatusAndCode() {
    assertEquals(List.of(401, 403, 429), statuses("unauthorized", "forbidden", "rate_limited"));
  }

  static Stream<Arguments> securityErrors() {
    return Stream.of(
        Arguments.of(new UnauthorizedException("no API key"), ErrorKind.UNAUTHORIZED),
        Arguments.of(new ForbiddenException("lacks admin"), ErrorKind.FORBIDDEN),
        Arguments.of(new RateLimitedException("slow down", 3), ErrorKind.RATE_LIMITED));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("securityErrors")
  void eachSecurityErrorHasExactlyItsKindAndKeepsItsMessage(
      ModelCacheException error, ErrorKind expected) {
    assertEquals(expected, error.kind());
    assertTrue(error.getMessage().length() > 3, error::getMessage);
  }

  @Test
  void rateLimitedCarriesItsRetryDelayAndRefusesLessThanOneSecond() {
    assertEquals(7, new RateLimitedException("wait", 7).retryAfterSeconds());

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new RateLimitedException("wait", 0));
    assertTrue(e.getMessage().contains("0"), e.getMessage());
  }

  private static List<Integer> statuses(String... codes) {
    return Arrays.stream(codes)
        .map(
            code ->
                Arrays.stream(ErrorKind.values())
                    .filter(k -> k.code().equals(code))
                    .findFirst()
                    .orElseThrow()
                    .httpStatus())
        .toList();
  }
}
