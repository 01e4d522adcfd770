package dev.modelcache.service.rest.errors;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.Locale;

/**
 * The servlet container's error page ({@code WEB-INF/web.xml}): errors that never reach an
 * exception mapper get the service's JSON error shape too, with a code made of the status's reason
 * phrase ({@code bad_request}). Example: Jersey answers a {@code Content-Type} header it cannot
 * parse with a bare 400 before routing, which the container would render as HTML. Asked for
 * directly, it answers 404.
 */
@WebServlet("/error-page")
public class ContainerErrorPage extends HttpServlet {
  private static final long serialVersionUID = 1L;

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    int status =
        request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer code
            ? code
            : 404;
    Response.Status known = Response.Status.fromStatusCode(status);
    String reason = known == null ? "Error" : known.getReasonPhrase();
    String message =
        status == 400
            ? "the request is malformed: a request line or header (such as Content-Type) could"
                + " not be parsed"
            : reason;
    ErrorReply.of(status, reason.toLowerCase(Locale.ROOT).replace(' ', '_'), message)
        .send(response);
  }
}
