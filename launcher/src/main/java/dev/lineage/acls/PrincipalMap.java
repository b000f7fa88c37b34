package dev.lineage.acls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Which Kafka principals act in which {@link AccessRole}: a properties file, one line per role,
 * principals separated by {@code ;} (as in the broker's {@code super.users}, since a TLS principal
 * such as {@code User:CN=streams,O=Example} contains commas):
 *
 * <pre>
 * pipeline        = User:pipeline
 * gdpr            = User:gdpr
 * operator        = User:operator; User:impact
 * lineage-streams = User:streams
 * impact-service  = User:impact
 * </pre>
 *
 * A role left out has no principal; a principal may hold several roles.
 */
public final class PrincipalMap {
  private static final Pattern PRINCIPAL = Pattern.compile("[A-Za-z][A-Za-z0-9]*:\\S.*");

  private final Map<AccessRole, Set<String>> principals;

  private PrincipalMap(Map<AccessRole, Set<String>> principals) {
    this.principals = principals;
  }

  /**
   * @throws IllegalArgumentException naming the line at fault: an unknown role, a principal without
   *     its type ({@code User:}), or no principal at all
   */
  public static PrincipalMap of(Map<String, String> lines) {
    Map<AccessRole, Set<String>> map = new EnumMap<>(AccessRole.class);
    lines.forEach(
        (role, value) -> {
          AccessRole r =
              AccessRole.byKey(role)
                  .orElseThrow(
                      () ->
                          new IllegalArgumentException(
                              "unknown role '" + role + "'; the roles are " + AccessRole.keys()));
          Set<String> names = new LinkedHashSet<>();
          for (String part : value.split(";")) {
            String p = part.trim();
            if (p.isEmpty()) {
              continue;
            }
            if (!PRINCIPAL.matcher(p).matches()) {
              throw new IllegalArgumentException(
                  role + ": '" + p + "' is not a principal TYPE:NAME, e.g. User:pipeline");
            }
            names.add(p);
          }
          if (!names.isEmpty()) {
            map.computeIfAbsent(r, k -> new LinkedHashSet<>()).addAll(names);
          }
        });
    if (map.isEmpty()) {
      throw new IllegalArgumentException("names no principal; the roles are " + AccessRole.keys());
    }
    return new PrincipalMap(map);
  }

  /** Reads the file; see the class comment. */
  public static PrincipalMap load(Path file) throws IOException {
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(file)) {
      p.load(in);
    }
    Map<String, String> lines = new TreeMap<>();
    p.stringPropertyNames().forEach(name -> lines.put(name, p.getProperty(name)));
    return of(lines);
  }

  /** The principals acting in {@code role}, in file order; empty when none. */
  public Set<String> principals(AccessRole role) {
    return Collections.unmodifiableSet(principals.getOrDefault(role, Set.of()));
  }

  /** Every principal named, in role order. */
  public List<String> all() {
    Set<String> all = new LinkedHashSet<>();
    principals.values().forEach(all::addAll);
    return new ArrayList<>(all);
  }
}
