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
import java.util.OptionalInt;
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
        "x".repeat(97),
        // MLflow registry names: a version or an alias is required, never both.
        "models:/",
        "models:/name",
        "models:/name/",
        "models:/name@",
        "models:/name/1@alias",
        "models:/name@alias/1",
        "models:/org/name/1",
        "models:/name/0",
        "models:/name/01",
        "models:/name/latest",
        "models:/name/1.5",
        "models:/name/1234567890",
        "models:/name@v3",
        "models:/name@V12",
        "models:/name@al.ias",
        "models:/name@" + "a".repeat(101),
        "models:/../x/1",
        "models:/a--b/1",
        "models://name/1",
        "models:name/1",
        "Models:/name/1",
        "runs:/abc/model",
        "s3://bucket/model");
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

  static Stream<Arguments> registryNames() {
    // text, registered name, version (0 if none), alias (null if none)
    return Stream.of(
        Arguments.of("models:/prompt-guard/3", "prompt-guard", 3, null),
        Arguments.of("models:/prompt-guard@champion", "prompt-guard", 0, "champion"),
        Arguments.of("models:/a/1", "a", 1, null),
        Arguments.of("models:/my_model.v2/123456789", "my_model.v2", 123456789, null),
        Arguments.of("models:/m@Prod-2_b", "m", 0, "Prod-2_b"),
        Arguments.of("models:/m@v", "m", 0, "v"),
        Arguments.of("models:/m@v1a", "m", 0, "v1a"),
        Arguments.of("models:/m@2024", "m", 0, "2024"),
        Arguments.of("models:/m@latest", "m", 0, "latest"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("registryNames")
  void registryNamesKeepTheirTextAndSayWhatTheyName(
      String text, String name, int version, String alias) {
    ModelId id = ModelId.of(text);

    assertTrue(id.isRegistry());
    assertEquals(text, id.toString());
    assertEquals(name, id.name());
    assertEquals(
        version == 0 ? OptionalInt.empty() : OptionalInt.of(version), id.registryVersion());
    assertEquals(Optional.ofNullable(alias), id.registryAlias());
    assertEquals(Optional.empty(), id.namespace());
    assertEquals(Optional.empty(), id.revision());
    assertEquals("models:/" + name, id.repoId());
    assertSame(id, id.withoutRevision());
    assertThrows(IllegalStateException.class, id::pathSegments);
    assertEquals(id, ModelId.of(id.toString()));
  }

  @Test
  void hubNamesAreNotRegistryNames() {
    for (String text : List.of("models", "models/x", "org/name@main", "spam-detector")) {
      ModelId id = ModelId.of(text);
      assertFalse(id.isRegistry(), text);
      assertEquals(OptionalInt.empty(), id.registryVersion(), text);
      assertEquals(Optional.empty(), id.registryAlias(), text);
    }
  }

  @Test
  void aVersionAndAnAliasOfOneModelAreDifferentIds() {
    ModelId version = ModelId.of("models:/guard/3");
    ModelId alias = ModelId.of("models:/guard@champion");

    assertNotEquals(version, alias);
    assertNotEquals(version, ModelId.of("models:/guard/4"));
    assertNotEquals(ModelId.of("guard"), ModelId.of("models:/guard/1"));
    assertEquals(version.repoId(), alias.repoId());
  }

  @Test
  void aVersionShapedAliasSaysToNameTheVersion() {
    String message =
        assertThrows(InvalidModelNameException.class, () -> ModelId.of("models:/m@v3"))
            .getMessage();

    assertTrue(message.contains("reserves"), message);
    assertTrue(message.contains("models:/name/3"), message);
  }

  @Test
  void aColonOutsideTheRegistrySchemeNamesTheRegistryForm() {
    String message =
        assertThrows(InvalidModelNameException.class, () -> ModelId.of("runs:/abc/model"))
            .getMessage();

    assertTrue(message.contains("models:/name/version"), message);
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
