package dev.ciofake.audit;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The files an audit reads: every regular file under the given directories, less the folders that hold installed,
 * generated or version-control files ({@link #DEFAULT_EXCLUDED_DIRS}), the {@code --exclude} globs, and files larger
 * than {@link #MAX_FILE_BYTES}. Symbolic links are not followed.
 */
final class SourceTree {
  /** Folder names skipped by default, wherever they are. */
  static final Set<String> DEFAULT_EXCLUDED_DIRS = Set.of("node_modules", "target", ".git", ".hg", ".svn",
      "bower_components", "vendor", "dist", "build", "out", "coverage", ".next", ".nuxt", ".svelte-kit", ".turbo",
      ".cache", ".gradle", ".idea", ".vscode", ".venv", "venv", "__pycache__", ".tox", ".mypy_cache", ".terraform",
      ".serverless", ".aws-sam");
  /** Larger files are skipped (and counted): generated bundles and data dumps, not integration code. */
  static final long MAX_FILE_BYTES = 2L * 1024 * 1024;

  /** One file to audit. */
  record SourceFile(Path path, String display, Kind kind, long size) {}

  /** What the audit does with a file. */
  enum Kind { JAVASCRIPT, TYPESCRIPT, JAVA, TEMPLATE, STRUCTURED, ENV, TEXT }

  /** What the walk found. */
  record Listing(List<SourceFile> files, int tooLarge, int excludedDirs) {}

  private SourceTree() {}

  static Listing list(List<Path> roots, List<String> excludeGlobs, boolean defaultExcludes, Path cwd)
      throws IOException {
    List<PathMatcher> excludes = new ArrayList<>();
    for (String g : excludeGlobs) {
      excludes.add(FileSystems.getDefault().getPathMatcher("glob:" + g));
    }
    List<SourceFile> out = new ArrayList<>();
    int[] counts = new int[2];
    for (Path root : roots) {
      Path abs = root.toAbsolutePath().normalize();
      if (Files.isRegularFile(abs)) {
        out.add(file(abs, Files.size(abs), cwd));
        continue;
      }
      Files.walkFileTree(abs, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
          if (!dir.equals(abs)) {
            String name = dir.getFileName().toString();
            Path rel = abs.relativize(dir);
            if ((defaultExcludes && DEFAULT_EXCLUDED_DIRS.contains(name)) || matches(excludes, rel)) {
              counts[1]++;
              return FileVisitResult.SKIP_SUBTREE;
            }
          }
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
          if (!attrs.isRegularFile() || matches(excludes, abs.relativize(f))) {
            return FileVisitResult.CONTINUE;
          }
          if (attrs.size() > MAX_FILE_BYTES) {
            counts[0]++;
            return FileVisitResult.CONTINUE;
          }
          out.add(file(f, attrs.size(), cwd));
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path f, IOException e) {
          return FileVisitResult.CONTINUE;
        }
      });
    }
    return new Listing(out, counts[0], counts[1]);
  }

  private static boolean matches(List<PathMatcher> excludes, Path rel) {
    for (PathMatcher m : excludes) {
      if (m.matches(rel) || (rel.getFileName() != null && m.matches(rel.getFileName()))) {
        return true;
      }
    }
    return false;
  }

  static SourceFile file(Path path, long size, Path cwd) {
    return new SourceFile(path, display(path, cwd), kind(path.getFileName().toString()), size);
  }

  /** Relative to the working directory when under it, else absolute; always with {@code /}. */
  static String display(Path path, Path cwd) {
    Path p = path.toAbsolutePath().normalize();
    String s = cwd != null && p.startsWith(cwd) && !p.equals(cwd) ? cwd.relativize(p).toString() : p.toString();
    return s.replace('\\', '/');
  }

  static Kind kind(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    if (n.equals(".env") || n.startsWith(".env.") || n.endsWith(".env")) {
      return Kind.ENV;
    }
    int dot = n.lastIndexOf('.');
    String ext = dot < 0 ? "" : n.substring(dot + 1);
    return switch (ext) {
      case "js", "mjs", "cjs", "jsx" -> n.endsWith(".min.js") ? Kind.TEXT : Kind.JAVASCRIPT;
      case "ts", "mts", "cts", "tsx" -> n.endsWith(".d.ts") ? Kind.TEXT : Kind.TYPESCRIPT;
      case "java" -> Kind.JAVA;
      case "html", "htm", "liquid", "mjml" -> Kind.TEMPLATE;
      case "yaml", "yml", "json" -> Kind.STRUCTURED;
      default -> Kind.TEXT;
    };
  }
}
