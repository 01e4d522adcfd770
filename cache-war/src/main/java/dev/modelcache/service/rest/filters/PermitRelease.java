package dev.modelcache.service.rest.filters;

import dev.modelcache.service.security.ConcurrencyLimit;
import jakarta.servlet.ServletRequestEvent;
import jakarta.servlet.ServletRequestListener;
import jakarta.servlet.annotation.WebListener;

/**
 * Gives back the concurrency place {@link ConcurrencyFilter} took, if it is still taken when the
 * container ends the request: the safety net for responses that did not pass the JAX-RS response
 * filters (an error the runtime could not map, a failure while writing). Closing twice is harmless.
 */
@WebListener
public class PermitRelease implements ServletRequestListener {
  static final String ATTRIBUTE = "dev.modelcache.concurrency-permit";

  @Override
  public void requestDestroyed(ServletRequestEvent event) {
    if (event.getServletRequest().getAttribute(ATTRIBUTE) instanceof ConcurrencyLimit.Permit p) {
      p.close();
    }
  }
}
