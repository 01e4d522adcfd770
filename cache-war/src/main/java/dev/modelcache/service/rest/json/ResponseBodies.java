package dev.modelcache.service.rest.json;

import dev.modelcache.api.rest.ErrorResponse;
import dev.modelcache.api.rest.PredictResponse;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;

/**
 * The response records that are written without JSON-B, as JSON-B writes them: the fields in the
 * records' {@code @JsonbPropertyOrder}, under their {@code @JsonbProperty} names, null fields left
 * out (JSON-B's default), numbers and strings as {@link JsonText} writes them. {@code
 * ResponseBodiesTest} holds the two to the same bytes. Stateless.
 */
public final class ResponseBodies {
  private ResponseBodies() {}

  /** {@code POST /predict}'s answer. */
  public static byte[] prediction(PredictResponse answer) {
    int size = answer.embedding() == null ? 256 : 160 + 16 * answer.embedding().length;
    JsonText json = new JsonText(size).beginObject();
    if (answer.prediction() != null) {
      json.field("prediction", answer.prediction());
    }
    if (answer.confidence() != null) {
      json.field("confidence", answer.confidence().doubleValue());
    }
    if (answer.scores() != null) {
      json.beginObject("scores");
      for (Map.Entry<String, Double> score : answer.scores().entrySet()) {
        json.field(score.getKey(), score.getValue().doubleValue());
      }
      json.endObject();
    }
    if (answer.labels() != null) {
      json.beginArray("labels");
      answer.labels().forEach(json::value);
      json.endArray();
    }
    if (answer.embedding() != null) {
      json.field("embedding", answer.embedding());
    }
    if (answer.modelName() != null) {
      json.field("model_name", answer.modelName());
    }
    return json.field("processing_time_ms", answer.processingTimeMs())
        .field("cached", answer.cached())
        .field("response_cached", answer.responseCached())
        .endObject()
        .toUtf8();
  }

  /** The one error shape. */
  public static byte[] error(ErrorResponse error) {
    JsonText json = new JsonText(64 + (error.message() == null ? 0 : error.message().length()));
    json.beginObject();
    if (error.error() != null) {
      json.field("error", error.error());
    }
    if (error.message() != null) {
      json.field("message", error.message());
    }
    return json.field("status", error.status()).endObject().toUtf8();
  }

  /** Writes a JSON body from servlet code, where no JAX-RS writer runs. */
  public static void send(HttpServletResponse response, int status, byte[] json)
      throws IOException {
    response.setStatus(status);
    response.setContentType("application/json");
    response.setContentLength(json.length);
    response.getOutputStream().write(json);
  }
}
