package dev.modelcache.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ModelIdTest {
  private static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

  static Stream<Arguments> validNames() {
    // text, namespace (null if none), name, revision (null if none)
    return Stream.of(
        Arguments.of("spam-detector", null, "spam-detector", null),
        Arguments.of("org/name", "org", "name", null),
        Arguments.of(
            "sentence-transformers/all-MiniLM-L6-v2",
            "sentence-transformers",
            "all-MiniLM-L6-v2",
            null),
        Arguments.of("org/name@main", "org", "name", "main"),
        Arguments.of("name@v1.2", null, "name", "v1.2"),
        Arguments.of("org/name@" + COMMIT, "org", "name", COMMIT),
        Arguments.of("a", null, "a", null),
        Arguments.of("under_score.v2/x.y_z", "under_score.v2", "x.y_z", null),
        Arguments.of(
            "a".repeat(96) + "/" + "b".repeat(96) + "@" + "r".repeat(6),
            "a".repeat(96),
            "b".repeat(96),
            "r".repeat(6)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validNames")
  void validNamesRoundTrip(String text, String namespace, String name, String revision) {
    ModelId id = ModelId.of(text);

    assertEquals(text, id.toString());
    assertEquals(Optional.ofNullable(namespace), id.namespace());
    assertEquals(name, id.name());
    assertEquals(Optional.ofNullable(revision), id.revision());
    String repo = namespace == null ? name : namespace + "/" + name;
    assertEquals(repo, id.repoId());
    assertEquals(namespace == null ? List.of(name) : List.of(namespace, name), id.pathSegments());

    ModelId bare = id.withoutRevision();
    assertEquals(repo, bare.toString());
    assertEquals(Optional.empty(), bare.revision());
    assertEquals(id.pathSegments(), bare.pathSegments());
    if (revision == null) {
      assertSame(id, bare);
    } else {
      assertNotEquals(id, bare);
    }

    assertEquals(id, ModelId.of(id.toString()));
  }

  static Stream<String> rejectedNames() {
    return Stream.of(
        null,
        "",
        "..",
        "../etc/passwd",
        "a/../b",
        "org/..",
        "/abs",
        "/etc/passwd",
        "a\\b",
        "..\\..\\x",
        "a/b/c",
        "a//b",
        "name\u0000",
        "na\nme",
        "with space",
        "tab\t",
        "x".repeat(201),
        "-lead",
        "trail-",
        "a..b",
        "a--b",
        "org/name@",
        "@rev",
        "org/name@../x",
        "org/name@a/b",
        "ünïcode",
        "%2e%2e",
        ".",
        ".hidden",
        "org/",
        "org/name@a@b",
        "x".repeat(97));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("rejectedNames")
  void rejectedNamesFailAsInvalidInput(String text) {
    InvalidModelNameException e =
        assertThrows(InvalidModelNameException.class, () -> ModelId.of(text));

    InvalidInputException asInput = e;
    assertEquals(ErrorKind.INVALID_INPUT, asInput.kind());
    assertEquals(400, e.kind().httpStatus());
    assertTrue(e.getMessage().startsWith("invalid model name "), e.getMessage());
    for (char c : e.getMessage().toCharArray()) {
      assertFalse(Character.isISOControl(c), () -> "raw control character in " + e.getMessage());
    }
  }

  @Test
  void theMessageQuotesTheBadValue() {
    InvalidModelNameException e =
        assertThrows(InvalidModelNameException.class, () -> ModelId.of("a/b/c"));

    assertTrue(e.getMessage().contains("'a/b/c'"), e.getMessage());
  }

  @Test
  void theMessageEscapesControlCharacters() {
    String nul =
        assertThrows(InvalidModelNameException.class, () -> ModelId.of("name\u0000")).getMessage();
    String newline =
        assertThrows(InvalidModelNameException.class, () -> ModelId.of("na\nme")).getMessage();
    String tab =
        assertThrows(InvalidModelNameException.class, () -> ModelId.of("tab\t")).getMessage();

    assertTrue(nul.contains("'name\\u0000'"), nul);
    assertFalse(nul.contains("\u0000"), nul);
    assertTrue(newline.contains("'na\\u000ame'"), newline);
    assertFalse(newline.contains("\n"), newline);
    assertTrue(tab.contains("'tab\\u0009'"), tab);
  }

  @Test
  void theMessageCutsALongValueAtEightyCharacters() {
    String text = "x".repeat(201);

    String message =
        assertThrows(InvalidModelNameException.class, () -> ModelId.of(text)).getMessage();

    assertTrue(message.contains("'" + "x".repeat(80) + "...'"), message);
    assertFalse(message.contains("x".repeat(81)), message);
    assertTrue(message.contains("201"), () -> "should say how long it was: " + message);
  }

  @Test
  void aNullNameSaysANameIsRequired() {
    String message =
        assertThrows(InvalidModelNameException.class, () -> ModelId.of(null)).getMessage();

    assertTrue(message.contains("null"), message);
    assertTrue(message.contains("required"), message);
  }

  @Test
  void equalityAndHashCodeFollowTheCanonicalForm() {
    ModelId a = ModelId.of("org/name@main");
    ModelId b = ModelId.of("org/name@main");

    assertEquals(a, b);
    assertEquals(a.hashCode(), b.hashCode());
    assertEquals(0, a.compareTo(b));
    assertEquals(ModelId.of("org/name"), a.withoutRevision());
    assertEquals(ModelId.of("org/name").hashCode(), a.withoutRevision().hashCode());
    assertNotEquals(ModelId.of("org/name"), a);
    assertNotEquals(ModelId.of("org/name@v2"), a);
    assertNotEquals(ModelId.of("Org/Name@main"), a, "names are case-sensitive");
    assertNotEquals(ModelId.of("name"), ModelId.of("org/name"));
    assertFalse(a.equals("org/name@main"), "a ModelId never equals its string");
  }

  @Test
  void compareToOrdersByCanonicalForm() {
    List<ModelId> ids = new ArrayList<>();
    for (String text : List.of("org/name@v2", "b", "org/name", "a", "org/name@main", "org-x")) {
      ids.add(ModelId.of(text));
    }
    Collections.sort(ids);

    assertEquals(
        List.of("a", "b", "org-x", "org/name", "org/name@main", "org/name@v2"),
        ids.stream().map(ModelId::toString).toList());
    ModelId x = ModelId.of("a");
    ModelId y = ModelId.of("b");
    assertTrue(x.compareTo(y) < 0);
    assertTrue(y.compareTo(x) > 0);
  }

  @Test
  void pathSegmentsCannotBeModified() {
    List<String> segments = ModelId.of("org/name").pathSegments();

    assertThrows(UnsupportedOperationException.class, () -> segments.add(".."));
    assertThrows(UnsupportedOperationException.class, () -> segments.set(0, ".."));
  }
}
