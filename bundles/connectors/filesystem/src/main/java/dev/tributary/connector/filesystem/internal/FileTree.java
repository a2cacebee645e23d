package dev.tributary.connector.filesystem.internal;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Walks a folder tree in sorted order (so a walk can resume after a given path), following
 * symbolic links but never around a loop, applying include/exclude globs to paths relative to the
 * root. Problems with one entry are reported to the visitor and the walk goes on.
 */
final class FileTree {

    interface Visitor {
        /** A regular file that passed the globs. */
        void file(Path file, String relative, BasicFileAttributes attributes, List<PosixPrincipals.Folder> folders) throws IOException;

        /** An entry that could not be read; {@code listingIncomplete} when files below it may exist unseen. */
        void problem(String relative, String reason, boolean listingIncomplete);

        boolean stop();
    }

    private final Path root;
    private final List<PathMatcher> include;
    private final List<PathMatcher> exclude;

    FileTree(Path root, List<PathMatcher> include, List<PathMatcher> exclude) {
        this.root = root;
        this.include = include;
        this.exclude = exclude;
    }

    void walk(Visitor visitor) throws IOException {
        List<PosixPrincipals.Folder> folders = new ArrayList<>();
        folders.add(PosixPrincipals.Folder.of(root));
        Set<Object> ancestors = new HashSet<>();
        ancestors.add(Files.readAttributes(root, BasicFileAttributes.class).fileKey());
        walk(root, "", folders, ancestors, visitor);
    }

    private void walk(Path dir, String rel, List<PosixPrincipals.Folder> folders, Set<Object> ancestors, Visitor v) {
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            s.forEach(children::add);
        } catch (AccessDeniedException e) {
            v.problem(rel.isEmpty() ? "/" : rel, "cannot list the folder (permission denied): the host's user needs read and execute rights", true);
            return;
        } catch (IOException e) {
            v.problem(rel.isEmpty() ? "/" : rel, "cannot list the folder: " + e, true);
            return;
        }
        children.sort(null);
        for (Path child : children) {
            if (v.stop()) {
                return;
            }
            String name = child.getFileName().toString();
            String relative = rel.isEmpty() ? name : rel + "/" + name;
            if (!readsBack(child, name)) {
                // the name read back would be another file's, or none (two such names would be one id)
                v.problem(relative, unreadableName(name), false);
                continue;
            }
            Path relPath = Path.of(globbable(relative));
            if (matches(exclude, relPath)) {
                continue;
            }
            BasicFileAttributes a;
            try {
                a = Files.readAttributes(child, BasicFileAttributes.class);
            } catch (NoSuchFileException e) {
                if (Files.isSymbolicLink(child)) {
                    v.problem(relative, "broken symbolic link", false);
                }
                continue; // deleted meanwhile
            } catch (FileSystemException e) {
                v.problem(relative, unreadable(e), false);
                continue;
            } catch (IOException e) {
                v.problem(relative, "cannot read its attributes: " + e, false);
                continue;
            }
            if (a.isDirectory()) {
                Object key = a.fileKey();
                if (key != null && ancestors.contains(key)) {
                    v.problem(relative, "symbolic link loop: it leads back to a folder above it; skipped", false);
                    continue;
                }
                PosixPrincipals.Folder folder;
                try {
                    folder = PosixPrincipals.Folder.of(child);
                } catch (IOException e) {
                    v.problem(relative, "cannot read its permissions: " + e, true);
                    continue;
                }
                folders.add(folder);
                ancestors.add(key);
                walk(child, relative, folders, ancestors, v);
                ancestors.remove(key);
                folders.remove(folders.size() - 1);
            } else if (a.isRegularFile() && (include.isEmpty() || matches(include, relPath))) {
                try {
                    v.file(child, relative, a, folders);
                } catch (IOException e) {
                    v.problem(relative, e.toString(), false);
                }
            }
        }
    }

    /** Whether the name, as the JVM decoded it, names the same file again (its bytes are text in the JVM's character set). */
    static boolean readsBack(Path child, String name) {
        try {
            return child.getFileName().equals(child.getFileSystem().getPath(name));
        } catch (InvalidPathException e) {
            return false; // the character set cannot even write it back
        }
    }

    /** Why a name cannot be synced: not UTF-8, or (a JVM started without a UTF-8 locale) not in the JVM's character set. */
    static String unreadableName(String name) {
        String charset = System.getProperty("sun.jnu.encoding", "UTF-8");
        return charset.equalsIgnoreCase("UTF-8")
                ? "its name is not valid UTF-8 (the host shows it as '" + name + "'): rename it to sync it"
                : "its name cannot be read in the host's character set " + charset + " (the host shows it as '" + name + "'): start the host "
                        + "with a UTF-8 locale (bin/tributary sets one), or rename it";
    }

    /** Why an entry cannot be looked at, in words (the JDK's message repeats the whole path, which may be kilobytes long). */
    static String unreadable(FileSystemException e) {
        String reason = String.valueOf(e.getReason());
        if (reason.startsWith("Too many levels of symbolic links")) {
            return "symbolic link loop: it leads to itself, or round a circle of links; skipped";
        }
        if (reason.startsWith("File name too long")) {
            return "its path is longer than this system allows: shorten the names of the folders above it to sync it";
        }
        return "cannot read its attributes: " + reason;
    }

    /**
     * The path as the globs see it: a glob's {@code *} and {@code **} never match a line break (the
     * JDK turns them into regular expressions without DOTALL), so {@code **} would skip a file
     * named with one without a word; each line terminator counts as one other character instead.
     */
    static String globbable(String relative) {
        return relative.replaceAll("[\\n\\r\\u0085\\u2028\\u2029]", "\uFFFD");
    }

    private static boolean matches(List<PathMatcher> matchers, Path p) {
        for (PathMatcher m : matchers) {
            if (m.matches(p)) {
                return true;
            }
        }
        return false;
    }

    /** When the file's content or permissions last changed (ctime where the OS has it). */
    static long changed(Path file, BasicFileAttributes a) {
        long modified = a.lastModifiedTime().toMillis();
        try {
            Object ctime = Files.getAttribute(file, "unix:ctime");
            if (ctime instanceof FileTime t) {
                return Math.max(modified, t.toMillis());
            }
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            // no unix view here: the modification time alone
        }
        return modified;
    }
}
