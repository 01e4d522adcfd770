/**
 * Strict reading of the request bodies: {@link dev.modelcache.service.rest.json.StrictJsonReader}
 * replaces JSON-B for {@code PredictRequest} and {@code BatchPredictRequest}. A body must be UTF-8
 * JSON, at most {@code MAX_BODY_BYTES} long (413 before it is read, or as soon as it goes past),
 * and exactly one object of the expected fields with the expected types: an unknown field, a wrong
 * type, a duplicate field, trailing content or any nesting beyond the fields' own is a 400 that
 * names the field. The parser streams and stops at the first problem, so deep nesting, huge numbers
 * or long garbage cost no more than reading up to it. A short, well-formed {@code POST /predict}
 * body is read without the parser ({@link dev.modelcache.service.rest.json.QuickPredictBody}), to
 * the same record.
 *
 * <p>And the other direction, for answers written without JSON-B (the lean {@code POST /predict}
 * door, servlet error pages): {@link dev.modelcache.service.rest.json.ResponseBodies} writes the
 * response records byte for byte as JSON-B does, with {@link
 * dev.modelcache.service.rest.json.JsonText}.
 */
package dev.modelcache.service.rest.json;
