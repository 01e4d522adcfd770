package dev.modelcache.service.rest.guard;

import dev.modelcache.service.security.ConcurrencyLimit;
import jakarta.servlet.ServletRequestEvent;
import jakarta.servlet.ServletRequestListener;
import jakarta.servlet.annotation.WebListener;

/**
 * Gives back the concurrency place {@link ConcurrencyFilter} took, when the container ends the
 * request: after the response is written, also when a filter, the resource or the writing failed.
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
