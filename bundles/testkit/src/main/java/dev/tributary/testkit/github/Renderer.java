package dev.tributary.testkit.github;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The JSON objects, with the field names and shapes of GitHub's OpenAPI description (schemas
 * {@code simple-user}, {@code full-repository}, {@code issue}, {@code issue-comment},
 * {@code pull-request-simple}, {@code collaborator}, {@code team}, {@code content-file}). Every field a
 * schema marks required is present; fields the fake has no data for are null, empty or zero.
 */
final class Renderer {
    /** Repository URL templates: field → path after /repos/{owner}/{repo}. */
    private static final String[][] REPO_URLS = {
        {"archive_url", "/{archive_format}{/ref}"}, {"assignees_url", "/assignees{/user}"},
        {"blobs_url", "/git/blobs{/sha}"}, {"branches_url", "/branches{/branch}"},
        {"collaborators_url", "/collaborators{/collaborator}"}, {"comments_url", "/comments{/number}"},
        {"commits_url", "/commits{/sha}"}, {"compare_url", "/compare/{base}...{head}"},
        {"contents_url", "/contents/{+path}"}, {"contributors_url", "/contributors"},
        {"deployments_url", "/deployments"}, {"downloads_url", "/downloads"}, {"events_url", "/events"},
        {"forks_url", "/forks"}, {"git_commits_url", "/git/commits{/sha}"}, {"git_refs_url", "/git/refs{/sha}"},
        {"git_tags_url", "/git/tags{/sha}"}, {"hooks_url", "/hooks"},
        {"issue_comment_url", "/issues/comments{/number}"}, {"issue_events_url", "/issues/events{/number}"},
        {"issues_url", "/issues{/number}"}, {"keys_url", "/keys{/key_id}"}, {"labels_url", "/labels{/name}"},
        {"languages_url", "/languages"}, {"merges_url", "/merges"}, {"milestones_url", "/milestones{/number}"},
        {"notifications_url", "/notifications{?since,all,participating}"}, {"pulls_url", "/pulls{/number}"},
        {"releases_url", "/releases{/id}"}, {"stargazers_url", "/stargazers"}, {"statuses_url", "/statuses/{sha}"},
        {"subscribers_url", "/subscribers"}, {"subscription_url", "/subscription"}, {"tags_url", "/tags"},
        {"teams_url", "/teams"}, {"trees_url", "/git/trees{/sha}"},
    };
    private static final String DEFAULT_BRANCH = "main";
    private static final String README = "README.md";

    private final World world;
    private final String api;
    private final String html;

    /** Both bases end with "/". */
    Renderer(World world, String apiBase, String htmlBase) {
        this.world = world;
        this.api = apiBase;
        this.html = htmlBase;
    }

    String api(String path) {
        return api + path;
    }

    ObjectNode user(Account a) {
        ObjectNode u = Json.object();
        u.put("login", a.login);
        u.put("id", a.id);
        u.put("node_id", Json.nodeId(a.type(), a.id));
        u.put("avatar_url", html + "avatars/u/" + a.id + "?v=4");
        u.put("gravatar_id", "");
        String self = api("users/" + a.login);
        u.put("url", self);
        u.put("html_url", html + a.login);
        u.put("followers_url", self + "/followers");
        u.put("following_url", self + "/following{/other_user}");
        u.put("gists_url", self + "/gists{/gist_id}");
        u.put("starred_url", self + "/starred{/owner}{/repo}");
        u.put("subscriptions_url", self + "/subscriptions");
        u.put("organizations_url", self + "/orgs");
        u.put("repos_url", self + "/repos");
        u.put("events_url", self + "/events{/privacy}");
        u.put("received_events_url", self + "/received_events");
        u.put("type", a.type());
        u.put("user_view_type", "public");
        u.put("site_admin", false);
        return u;
    }

    /** An organization as webhook payloads carry it (schema {@code organization-simple-webhooks}). */
    ObjectNode organization(Account org) {
        String self = api("orgs/" + org.login);
        ObjectNode o = Json.object();
        o.put("login", org.login);
        o.put("id", org.id);
        o.put("node_id", Json.nodeId("Organization", org.id));
        o.put("url", self);
        o.put("repos_url", self + "/repos");
        o.put("events_url", self + "/events");
        o.put("hooks_url", self + "/hooks");
        o.put("issues_url", self + "/issues");
        o.put("members_url", self + "/members{/member}");
        o.put("public_members_url", self + "/public_members{/member}");
        o.put("avatar_url", html + "avatars/u/" + org.id + "?v=4");
        o.putNull("description");
        return o;
    }

    /** GET /user: the private profile of the token's user (schema {@code private-user}). */
    ObjectNode authenticatedUser(Account a) {
        List<Repo> owned = world.liveRepos().stream().filter(r -> r.owner == a).toList();
        long privateRepos = owned.stream().filter(r -> r.isPrivate).count();
        ObjectNode u = user(a);
        u.put("user_view_type", "private");
        for (String field : List.of("name", "company", "location", "email", "hireable", "bio", "twitter_username",
                "notification_email")) {
            u.putNull(field);
        }
        u.put("blog", "");
        u.put("public_repos", owned.size() - privateRepos);
        u.put("public_gists", 0);
        u.put("followers", 0);
        u.put("following", 0);
        u.put("created_at", Json.time(a.createdAt));
        u.put("updated_at", Json.time(a.createdAt));
        u.put("private_gists", 0);
        u.put("total_private_repos", privateRepos);
        u.put("owned_private_repos", privateRepos);
        u.put("disk_usage", 0);
        u.put("collaborators", 0);
        u.put("two_factor_authentication", true);
        return u;
    }

    /** A repository with the viewer's {@code permissions}, as GitHub adds them for an authenticated request. */
    ObjectNode repo(Repo r, Account viewer) {
        String full = r.owner.login + "/" + r.name;
        String self = api("repos/" + full);
        ObjectNode o = Json.object();
        o.put("id", r.id);
        o.put("node_id", Json.nodeId("Repository", r.id));
        o.put("name", r.name);
        o.put("full_name", full);
        o.set("owner", user(r.owner));
        o.put("private", r.isPrivate);
        o.put("visibility", r.isPrivate ? "private" : "public");
        o.put("html_url", html + full);
        o.put("description", r.description);
        o.put("fork", false);
        o.put("url", self);
        for (String[] t : REPO_URLS) {
            o.put(t[0], self + t[1]);
        }
        String host = java.net.URI.create(html).getHost();
        o.put("git_url", "git://" + host + "/" + full + ".git");
        o.put("ssh_url", "git@" + host + ":" + full + ".git");
        o.put("clone_url", html + full + ".git");
        o.put("svn_url", html + full);
        o.putNull("mirror_url");
        o.putNull("homepage");
        o.putNull("language");
        o.putNull("license");
        long open = r.issues.stream().filter(i -> i.live() && i.state.equals("open")).count();
        for (String count : List.of("forks_count", "forks", "stargazers_count", "watchers_count", "watchers", "size",
                "network_count", "subscribers_count")) {
            o.put(count, 0);
        }
        o.put("open_issues_count", open);
        o.put("open_issues", open);
        o.put("default_branch", DEFAULT_BRANCH);
        o.put("is_template", false);
        o.set("topics", Json.array());
        for (String flag : List.of("has_issues", "has_projects", "has_wiki", "has_downloads", "allow_forking")) {
            o.put(flag, true);
        }
        for (String flag : List.of("has_pages", "has_discussions", "archived", "disabled",
                "web_commit_signoff_required")) {
            o.put(flag, false);
        }
        o.put("pushed_at", Json.time(r.pushedAt));
        o.put("created_at", Json.time(r.createdAt));
        o.put("updated_at", Json.time(r.updatedAt));
        if (viewer != null) {
            o.set("permissions", permissions(Access.role(viewer, r)));
        }
        if (r.owner.organization) {
            o.set("organization", user(r.owner));
        }
        return o;
    }

    private static ObjectNode permissions(Optional<Permission> role) {
        ObjectNode p = Json.object();
        for (Permission level : Permission.values()) {
            boolean has = role.map(held -> held.atLeast(level)).orElse(level == Permission.PULL);
            p.put(level.apiName(), has);
        }
        return p;
    }

    String issueHtml(Issue i) {
        return html + i.repo.owner.login + "/" + i.repo.name + (i.isPullRequest() ? "/pull/" : "/issues/") + i.number;
    }

    String issueApi(Issue i) {
        return api("repos/" + i.repo.owner.login + "/" + i.repo.name + "/issues/" + i.number);
    }

    ObjectNode issue(Issue i) {
        String self = issueApi(i);
        ObjectNode o = Json.object();
        o.put("url", self);
        o.put("repository_url", api("repos/" + i.repo.owner.login + "/" + i.repo.name));
        o.put("labels_url", self + "/labels{/name}");
        o.put("comments_url", self + "/comments");
        o.put("events_url", self + "/events");
        o.put("html_url", issueHtml(i));
        o.put("id", i.id);
        o.put("node_id", Json.nodeId("Issue", i.id));
        o.put("number", i.number);
        o.put("title", i.title);
        o.set("user", user(i.author));
        o.set("labels", labels(i));
        o.put("state", i.state);
        o.put("locked", false);
        o.putNull("assignee");
        o.set("assignees", Json.array());
        o.putNull("milestone");
        o.put("comments", i.liveComments());
        o.put("created_at", Json.time(i.createdAt));
        o.put("updated_at", Json.time(i.updatedAt));
        o.put("closed_at", Json.time(i.closedAt));
        o.put("author_association", Access.association(world, i.author, i.repo));
        o.putNull("active_lock_reason");
        o.put("body", i.body);
        o.set("reactions", reactions(self));
        o.put("timeline_url", self + "/timeline");
        o.putNull("performed_via_github_app");
        o.put("state_reason", i.stateReason);
        if (i.isPullRequest()) {
            o.put("draft", false);
            ObjectNode pr = o.putObject("pull_request");
            pr.put("url", pullApi(i));
            pr.put("html_url", issueHtml(i));
            pr.put("diff_url", issueHtml(i) + ".diff");
            pr.put("patch_url", issueHtml(i) + ".patch");
            pr.putNull("merged_at");
        }
        return o;
    }

    private String pullApi(Issue i) {
        return api("repos/" + i.repo.owner.login + "/" + i.repo.name + "/pulls/" + i.number);
    }

    private ArrayNode labels(Issue i) {
        ArrayNode a = Json.array();
        for (String name : i.labels) {
            long id = i.repo.labelId(name);
            ObjectNode l = a.addObject();
            l.put("id", id);
            l.put("node_id", Json.nodeId("Label", id));
            l.put("url", api("repos/" + i.repo.owner.login + "/" + i.repo.name + "/labels/"
                    + java.net.URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20")));
            l.put("name", name);
            l.putNull("description");
            l.put("color", "ededed");
            l.put("default", false);
        }
        return a;
    }

    private static ObjectNode reactions(String issueOrCommentUrl) {
        ObjectNode r = Json.object();
        r.put("url", issueOrCommentUrl + "/reactions");
        for (String k : List.of("total_count", "+1", "-1", "laugh", "hooray", "confused", "heart", "rocket", "eyes")) {
            r.put(k, 0);
        }
        return r;
    }

    /** Issue comment; on a pull request its html_url is under /pull/N, as on github.com. */
    ObjectNode comment(Comment c) {
        Issue i = c.issue;
        String self = api("repos/" + i.repo.owner.login + "/" + i.repo.name + "/issues/comments/" + c.id);
        ObjectNode o = Json.object();
        o.put("url", self);
        o.put("html_url", issueHtml(i) + "#issuecomment-" + c.id);
        o.put("issue_url", issueApi(i));
        o.put("id", c.id);
        o.put("node_id", Json.nodeId("IssueComment", c.id));
        o.set("user", user(c.author));
        o.put("created_at", Json.time(c.createdAt));
        o.put("updated_at", Json.time(c.updatedAt));
        o.put("author_association", Access.association(world, c.author, i.repo));
        o.put("body", c.body);
        o.set("reactions", reactions(self));
        o.putNull("performed_via_github_app");
        return o;
    }

    /** A pull request as GET /repos/{o}/{r}/pulls lists it: its own id, the /pulls URL, head and base. */
    ObjectNode pull(Issue i, Account viewer) {
        String self = pullApi(i);
        String repoApi = api("repos/" + i.repo.owner.login + "/" + i.repo.name);
        String page = issueHtml(i);
        ObjectNode o = Json.object();
        o.put("url", self);
        o.put("id", i.pullId);
        o.put("node_id", Json.nodeId("PullRequest", i.pullId));
        o.put("html_url", page);
        o.put("diff_url", page + ".diff");
        o.put("patch_url", page + ".patch");
        o.put("issue_url", issueApi(i));
        o.put("commits_url", self + "/commits");
        o.put("review_comments_url", self + "/comments");
        o.put("review_comment_url", repoApi + "/pulls/comments{/number}");
        o.put("comments_url", issueApi(i) + "/comments");
        String head = sha1Hex("head " + i.pullId);
        o.put("statuses_url", repoApi + "/statuses/" + head);
        o.put("number", i.number);
        o.put("state", i.state);
        o.put("locked", false);
        o.put("title", i.title);
        o.set("user", user(i.author));
        o.put("body", i.body);
        o.set("labels", labels(i));
        o.putNull("milestone");
        o.putNull("active_lock_reason");
        o.put("created_at", Json.time(i.createdAt));
        o.put("updated_at", Json.time(i.updatedAt));
        o.put("closed_at", Json.time(i.closedAt));
        o.putNull("merged_at");
        o.putNull("merge_commit_sha");
        o.putNull("assignee");
        o.set("assignees", Json.array());
        o.set("requested_reviewers", Json.array());
        o.set("requested_teams", Json.array());
        o.set("head", branch(i, "pr-" + i.number, head, viewer));
        o.set("base", branch(i, DEFAULT_BRANCH, sha1Hex("base " + i.pullId), viewer));
        ObjectNode links = o.putObject("_links");
        link(links, "self", self);
        link(links, "html", page);
        link(links, "issue", issueApi(i));
        link(links, "comments", issueApi(i) + "/comments");
        link(links, "review_comments", self + "/comments");
        link(links, "review_comment", repoApi + "/pulls/comments{/number}");
        link(links, "commits", self + "/commits");
        link(links, "statuses", repoApi + "/statuses/" + head);
        o.put("author_association", Access.association(world, i.author, i.repo));
        o.putNull("auto_merge");
        o.put("draft", false);
        return o;
    }

    private ObjectNode branch(Issue i, String ref, String sha, Account viewer) {
        ObjectNode b = Json.object();
        b.put("label", i.repo.owner.login + ":" + ref);
        b.put("ref", ref);
        b.put("sha", sha);
        b.set("user", user(i.repo.owner));
        b.set("repo", repo(i.repo, viewer));
        return b;
    }

    private static void link(ObjectNode links, String rel, String href) {
        links.putObject(rel).put("href", href);
    }

    /** GET /repos/{o}/{r}/collaborators: a user with the role's {@code permissions} and {@code role_name}. */
    ObjectNode collaborator(Account a, Permission role) {
        ObjectNode o = user(a);
        o.set("permissions", permissions(Optional.of(role)));
        o.put("role_name", role.roleName());
        return o;
    }

    ObjectNode team(Team t, Permission role) {
        String self = api("orgs/" + t.org.login + "/teams/" + t.slug);
        ObjectNode o = Json.object();
        o.put("id", t.id);
        o.put("node_id", Json.nodeId("Team", t.id));
        o.put("url", self);
        o.put("html_url", html + "orgs/" + t.org.login + "/teams/" + t.slug);
        o.put("name", t.slug);
        o.put("slug", t.slug);
        o.putNull("description");
        o.put("privacy", "closed");
        o.put("notification_setting", "notifications_enabled");
        o.put("permission", role.apiName());
        o.set("permissions", permissions(Optional.of(role)));
        o.put("members_url", self + "/members{/member}");
        o.put("repositories_url", self + "/repos");
        o.putNull("parent");
        o.put("type", "organization");
        o.put("organization_id", t.org.id);
        return o;
    }

    /**
     * GET /repos/{o}/{r}/readme (https://docs.github.com/rest/repos/contents#get-a-repository-readme): the
     * file base64-encoded in lines of 60 characters, each ending in a newline, as GitHub sends it; sha is
     * the git blob id of the content.
     */
    ObjectNode readme(Repo r) {
        byte[] content = r.readme.getBytes(StandardCharsets.UTF_8);
        String full = r.owner.login + "/" + r.name;
        String sha = sha1Hex("blob " + content.length + "\0" + r.readme);
        String self = api("repos/" + full + "/contents/" + README + "?ref=" + DEFAULT_BRANCH);
        String git = api("repos/" + full + "/git/blobs/" + sha);
        String page = html + full + "/blob/" + DEFAULT_BRANCH + "/" + README;
        ObjectNode o = Json.object();
        o.put("type", "file");
        o.put("encoding", "base64");
        o.put("size", content.length);
        o.put("name", README);
        o.put("path", README);
        o.put("content", wrappedBase64(content));
        o.put("sha", sha);
        o.put("url", self);
        o.put("git_url", git);
        o.put("html_url", page);
        o.put("download_url", html + full + "/raw/" + DEFAULT_BRANCH + "/" + README);
        ObjectNode links = o.putObject("_links");
        links.put("self", self);
        links.put("git", git);
        links.put("html", page);
        return o;
    }

    private static String wrappedBase64(byte[] content) {
        if (content.length == 0) {
            return "";
        }
        return Base64.getMimeEncoder(60, new byte[] {'\n'}).encodeToString(content) + "\n";
    }

    static String sha1Hex(String text) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            return HexFormat.of().formatHex(sha1.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
