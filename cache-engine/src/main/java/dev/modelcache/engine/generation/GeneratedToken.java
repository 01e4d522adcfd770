package dev.modelcache.engine.generation;

/**
 * One token as it is generated, for streaming.
 *
 * @param index its place among the generated tokens, from 0
 * @param id its token id
 * @param text the text it adds to what was sent so far: may be empty (a special token, or the first
 *     bytes of a character that the next tokens complete), and then comes with a later token
 */
public record GeneratedToken(int index, long id, String text) {}
