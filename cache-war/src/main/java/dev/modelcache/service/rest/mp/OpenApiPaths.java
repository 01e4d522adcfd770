package dev.modelcache.service.rest.mp;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.Paths;

/**
 * Rewrites JAX-RS path templates with a regular expression ({@code /models/{name: .+}}) into
 * OpenAPI templates ({@code /models/{name}}): OpenAPI requires a template to be the parameter's
 * bare name. Registered with {@code mp.openapi.filter} in {@code microprofile-config.properties}.
 */
public class OpenApiPaths implements OASFilter {
  private static final Pattern REGEX_TEMPLATE = Pattern.compile("\\{(\\w+)\\s*:[^}]*}");

  @Override
  public void filterOpenAPI(OpenAPI openApi) {
    Paths paths = openApi.getPaths();
    if (paths == null || paths.getPathItems() == null) {
      return;
    }
    Map<String, PathItem> rewritten = new LinkedHashMap<>();
    paths.getPathItems().forEach((path, item) -> rewritten.put(bare(path), item));
    paths.setPathItems(rewritten);
  }

  static String bare(String path) {
    return REGEX_TEMPLATE.matcher(path).replaceAll("{$1}");
  }
}
