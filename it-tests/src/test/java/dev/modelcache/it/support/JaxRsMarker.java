package dev.modelcache.it.support;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.annotation.WebListener;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.EnumSet;

/**
 * A test-only servlet filter that marks every response of the JAX-RS servlet with {@value #HEADER}:
 * it is mapped by that servlet's name, so it runs after every filter mapped by URL pattern and only
 * for requests that reach the servlet. A response without the mark was answered by a filter in
 * front of it: the service's lean {@code POST /predict} door. A test adds it to its deployment
 * ({@code war.addClasses(JaxRsMarker.class, JaxRsMarker.Install.class)}); the service itself has
 * nothing of it. Runs in the server: it must not touch test-side classes such as ShrinkWrap's.
 */
public class JaxRsMarker extends HttpFilter {
  private static final long serialVersionUID = 1L;

  /** The response header that says the JAX-RS servlet answered. */
  public static final String HEADER = "X-Test-Served-By";

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    response.setHeader(HEADER, "jax-rs");
    chain.doFilter(request, response);
  }

  /**
   * Maps the marker to the servlet at {@code /*}: the JAX-RS application at the context root,
   * registered by the runtime before listeners start.
   */
  @WebListener
  public static class Install implements ServletContextListener {
    @Override
    public void contextInitialized(ServletContextEvent event) {
      ServletContext context = event.getServletContext();
      for (ServletRegistration servlet : context.getServletRegistrations().values()) {
        if (servlet.getMappings().contains("/*")) {
          FilterRegistration.Dynamic marker = context.addFilter("jax-rs-marker", JaxRsMarker.class);
          marker.setAsyncSupported(true);
          marker.addMappingForServletNames(
              EnumSet.of(DispatcherType.REQUEST), true, servlet.getName());
        }
      }
    }
  }
}
