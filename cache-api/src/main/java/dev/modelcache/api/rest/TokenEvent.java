package dev.modelcache.api.rest;

import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.json.bind.annotation.JsonbPropertyOrder;

/**
 * One {@code token} event of a streamed {@code POST /generate} ({@code Accept: text/event-stream}).
 *
 * @param index the token's place among the generated tokens, from 0
 * @param tokenId its id
 * @param text the text it adds; may be empty (a special token, or the first bytes of a character
 *     that the next tokens complete, which then come with them)
 */
@JsonbPropertyOrder({"index", "tokenId", "text"})
public record TokenEvent(
    @JsonbProperty("index") int index,
    @JsonbProperty("token_id") long tokenId,
    @JsonbProperty("text") String text) {}
