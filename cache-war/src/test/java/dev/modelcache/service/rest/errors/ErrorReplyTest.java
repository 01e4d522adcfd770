package dev.modelcache.service.rest.errors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.modelcache.api.ErrorKind;
import dev.modelcache.api.ForbiddenException;
import dev.modelcache.api.InputTooLargeException;
import dev.modelcache.api.InvalidInputException;
import dev.modelcache.api.ModelCacheException;
import dev.modelcache.api.ModelId;
import dev.modelcache.api.ModelLoadException;
import dev.modelcache.api.ModelNotFoundException;
import dev.modelcache.api.OverloadedException;
import dev.modelcache.api.RateLimitedException;
import dev.modelcache.api.UnauthorizedException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link ErrorReply#of(ModelCacheException)}: the status, code and header come from the kind. */
class ErrorReplyTest {

  /** An error type that no mapper was written for: it must still get its kind's answer. */
  private static final class NewError extends ModelCacheException {
    private static final long serialVersionUID = 1L;

    NewError(ErrorKind kind) {
      super(kind, "a new kind of " + kind);
    }
  }

  @ParameterizedTest
  @EnumSource(ErrorKind.class)
  void anErrorTypeWithoutAMapperOfItsOwnGetsItsKindsStatusAndCode(ErrorKind kind) {
    ErrorReply reply = ErrorReply.of(new NewError(kind));

    assertEquals(kind.httpStatus(), reply.status());
    assertEquals(kind.code(), reply.body().error());
    assertEquals("a new kind of " + kind, reply.body().message());
  }

  static Stream<ModelCacheException> theExistingErrors() {
    ModelId model = ModelId.of("m");
    return Stream.of(
        new InvalidInputException("bad"),
        new ForbiddenException("no role"),
        new ModelNotFoundException(model, List.of()),
        new InputTooLargeException("long"),
        new ModelLoadException(model, "corrupt"));
  }

  @ParameterizedTest
  @MethodSource("theExistingErrors")
  void errorsWithoutADelayOrChallengeGetNoHeader(ModelCacheException error) {
    ErrorReply reply = ErrorReply.of(error);

    assertEquals(error.kind().httpStatus(), reply.status());
    assertNull(reply.header());
  }

  @ParameterizedTest
  @MethodSource("delays")
  void aDelayBecomesRetryAfter(ModelCacheException error, String seconds) {
    ErrorReply reply = ErrorReply.of(error);

    assertEquals("Retry-After", reply.header());
    assertEquals(seconds, reply.headerValue());
  }

  static Stream<Arguments> delays() {
    return Stream.of(
        Arguments.of(new RateLimitedException("slow", 7), "7"),
        Arguments.of(new OverloadedException("busy", 2), "2"));
  }

  @ParameterizedTest
  @EnumSource(
      value = ErrorKind.class,
      names = {"UNAUTHORIZED"})
  void theUnauthorizedKindCarriesTheChallenge(ErrorKind kind) {
    for (ModelCacheException error :
        List.of(new UnauthorizedException("no key"), new NewError(kind))) {
      ErrorReply reply = ErrorReply.of(error);

      assertEquals(401, reply.status());
      assertEquals("WWW-Authenticate", reply.header());
      assertEquals("Bearer realm=\"model-cache\"", reply.headerValue());
    }
  }
}
