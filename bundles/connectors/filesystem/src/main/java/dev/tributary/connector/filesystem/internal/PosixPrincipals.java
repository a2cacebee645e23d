package dev.tributary.connector.filesystem.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Who may read a file, from POSIX permissions: {@code user:<owner>} when the owner may read it,
 * {@code group:<group>} when its group may, {@code everyone} when others may — each only if that
 * principal can also traverse every folder from the root down to the file. Where a right depends
 * on group membership we cannot see (e.g. the owner passing a folder through its group), the
 * principal is left out: unknown visibility is no visibility.
 */
final class PosixPrincipals {
    private PosixPrincipals() {}

    /** Attributes of the folders from the root down to the file's parent, read once per folder. */
    record Folder(String owner, String group, Set<PosixFilePermission> permissions, long changed) {
        static Folder of(Path dir) throws IOException {
            PosixFileAttributes a = Files.readAttributes(dir, PosixFileAttributes.class);
            return new Folder(a.owner().getName(), a.group().getName(), a.permissions(), FileTree.changed(dir, a));
        }
    }

    static Set<String> of(Path file, List<Folder> folders) throws IOException {
        PosixFileAttributes a = Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        return of(a.owner().getName(), a.group().getName(), a.permissions(), folders);
    }

    static Set<String> of(String owner, String group, Set<PosixFilePermission> p, List<Folder> folders) {
        Set<String> principals = new LinkedHashSet<>();
        if (p.contains(PosixFilePermission.OTHERS_READ) && folders.stream().allMatch(f -> f.permissions.contains(PosixFilePermission.OTHERS_EXECUTE))) {
            principals.add("everyone");
        }
        if (p.contains(PosixFilePermission.GROUP_READ) && folders.stream().allMatch(f -> groupCanTraverse(f, group))) {
            principals.add("group:" + group);
        }
        if (p.contains(PosixFilePermission.OWNER_READ) && folders.stream().allMatch(f -> userCanTraverse(f, owner))) {
            principals.add("user:" + owner);
        }
        return principals;
    }

    private static boolean groupCanTraverse(Folder f, String group) {
        return f.group.equals(group) ? f.permissions.contains(PosixFilePermission.GROUP_EXECUTE)
                : f.permissions.contains(PosixFilePermission.OTHERS_EXECUTE);
    }

    private static boolean userCanTraverse(Folder f, String user) {
        if (f.owner.equals(user)) {
            return f.permissions.contains(PosixFilePermission.OWNER_EXECUTE);
        }
        // Through the folder's group only if the user is in it, which we cannot see: others' rights only.
        return f.permissions.contains(PosixFilePermission.OTHERS_EXECUTE);
    }
}
