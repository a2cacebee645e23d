package dev.tributary.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Who the person running the CLI is, as search principals: their user and their groups. */
final class Principals {
    private Principals() {}

    static List<String> ofCurrentUser() {
        String user = System.getProperty("user.name");
        List<String> principals = new ArrayList<>();
        principals.add("user:" + user);
        try {
            Process id = new ProcessBuilder("id", "-Gn").redirectErrorStream(true).start();
            String groups = new String(id.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (id.waitFor(5, TimeUnit.SECONDS) && id.exitValue() == 0) {
                for (String g : groups.split("\\s+")) {
                    if (!g.isBlank()) {
                        principals.add("group:" + g);
                    }
                }
            }
        } catch (IOException e) {
            // no `id` here: the user alone
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return principals;
    }
}
