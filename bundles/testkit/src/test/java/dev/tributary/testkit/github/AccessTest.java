package dev.tributary.testkit.github;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AccessTest {
    @AutoClose
    private final FakeGitHub github = FakeGitHub.start();
    private final Api owner = new Api(github, "owner");
    private final Api outsider = new Api(github, "outsider");
    private final Api collaborator = new Api(github, "collab");
    private final Api teamMember = new Api(github, "member");
    private Repo secret;

    @BeforeEach
    void seed() {
        github.token("owner", "octocat");
        github.token("outsider", "mallory");
        github.token("collab", "carol");
        github.token("member", "tom");
        secret = github.repo("octocat", "secret", true).collaborator("carol").readme("# Secret\n");
        secret.issue("Hidden", "shh", "octocat");
        github.repo("octocat", "open", false);
        github.repo("acme", "internal", true).team("acme", "devs", "tom").issue("Org issue", "x", "tom");
    }


    @Test
    void privateRepositoriesAre404ToOutsiders() {
        for (String path : List.of("repos/octocat/secret", "repos/octocat/secret/issues", "repos/octocat/secret/issues/1",
                "repos/octocat/secret/readme", "repos/acme/internal/issues")) {
            HttpResponse<String> r = outsider.get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(404);
            assertThat(Api.parse(r).get("message").asText()).isEqualTo("Not Found");
        }
        assertThat(outsider.get("repos/octocat/open").statusCode()).isEqualTo(200);
    }

    @Test
    void ownersCollaboratorsAndTeamMembersRead() {
        assertThat(owner.get("repos/octocat/secret/issues/1").statusCode()).isEqualTo(200);
        assertThat(collaborator.get("repos/octocat/secret/issues/1").statusCode()).isEqualTo(200);
        assertThat(teamMember.get("repos/acme/internal/issues/1").statusCode()).isEqualTo(200);
        assertThat(teamMember.get("repos/octocat/secret").statusCode()).isEqualTo(404);
    }

    @Test
    void namesAreNotCaseSensitive() {
        assertThat(owner.json("repos/OctoCat/Secret").get("full_name").asText()).isEqualTo("octocat/secret");
    }

    @Test
    void repositoryCarriesVisibilityAndTheViewersPermissions() {
        JsonNode repo = collaborator.json("repos/octocat/secret");

        assertThat(repo.get("private").asBoolean()).isTrue();
        assertThat(repo.get("visibility").asText()).isEqualTo("private");
        assertThat(repo.get("owner").get("login").asText()).isEqualTo("octocat");
        assertThat(repo.get("html_url").asText()).isEqualTo(github.htmlBase() + "octocat/secret");
        assertThat(repo.get("default_branch").asText()).isEqualTo("main");
        assertThat(repo.at("/permissions/push").asBoolean()).isTrue();
        assertThat(repo.at("/permissions/admin").asBoolean()).isFalse();
    }

    @Test
    void userReposListsWhatTheUserHasExplicitAccessTo() {
        assertThat(names(owner.all("user/repos"))).containsExactly("octocat/open", "octocat/secret");
        assertThat(names(collaborator.all("user/repos"))).containsExactly("octocat/secret");
        assertThat(names(teamMember.all("user/repos"))).containsExactly("acme/internal");
        assertThat(names(outsider.all("user/repos"))).isEmpty();
        assertThat(names(owner.all("user/repos?visibility=public"))).containsExactly("octocat/open");
        assertThat(names(collaborator.all("user/repos?affiliation=owner"))).isEmpty();
        assertThat(owner.get("user/repos?type=owner&visibility=all").statusCode()).isEqualTo(422);
    }

    @Test
    void organizationAndUserListings() {
        assertThat(names(teamMember.all("orgs/acme/repos"))).containsExactly("acme/internal");
        assertThat(names(outsider.all("orgs/acme/repos"))).isEmpty();
        assertThat(outsider.get("orgs/octocat/repos").statusCode()).as("a user is no organization").isEqualTo(404);
        assertThat(names(outsider.all("users/octocat/repos"))).containsExactly("octocat/open");
        assertThat(teamMember.all("orgs/acme/teams/devs/members")).extracting(m -> m.get("login").asText())
                .containsExactly("tom");
        assertThat(outsider.get("orgs/acme/teams/devs/members").statusCode()).isEqualTo(404);
    }

    @Test
    void collaboratorsNeedPushAccess() {
        github.repo("octocat", "shared", false).collaborator("carol", "pull");

        HttpResponse<String> refused = collaborator.get("repos/octocat/shared/collaborators");
        HttpResponse<String> outsiderOnPublic = outsider.get("repos/octocat/open/collaborators");

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(Api.parse(refused).get("message").asText()).isEqualTo("Must have push access to view repository collaborators.");
        assertThat(outsiderOnPublic.statusCode()).isEqualTo(403);
        assertThat(outsider.get("repos/octocat/secret/collaborators").statusCode()).as("private: 404 first")
                .isEqualTo(404);
        assertThat(collaborator.all("repos/octocat/secret/collaborators"))
                .extracting(c -> c.get("login").asText() + ":" + c.get("role_name").asText())
                .containsExactly("octocat:admin", "carol:write");
    }

    @Test
    void teamsOfARepository() {
        github.repo("acme", "tools", false).team("acme", "devs").collaborator("carol");

        assertThat(collaborator.all("repos/acme/tools/teams")).extracting(t -> t.get("slug").asText() + ":"
                + t.get("permission").asText()).containsExactly("devs:pull");
        assertThat(teamMember.get("repos/acme/tools/teams").statusCode()).isEqualTo(403);
        assertThat(collaborator.all("repos/acme/tools/collaborators")).extracting(c -> c.get("login").asText())
                .containsExactly("carol", "tom");
    }

    @Test
    void aRepositoryTurnedPrivateDisappearsForOutsiders() {
        github.findRepo("octocat", "open").orElseThrow().setPrivate(true);

        assertThat(outsider.get("repos/octocat/open").statusCode()).isEqualTo(404);
        assertThat(owner.json("repos/octocat/open").get("visibility").asText()).isEqualTo("private");
    }

    @Test
    void aDeletedIssueIsGoneAndLeavesTheList() {
        Repo repo = github.findRepo("octocat", "open").orElseThrow();
        Issue doomed = repo.issue("Doomed", "x", "octocat");
        repo.issue("Kept", "y", "octocat");
        doomed.delete();

        HttpResponse<String> gone = owner.get("repos/octocat/open/issues/1");

        assertThat(gone.statusCode()).isEqualTo(410);
        assertThat(Api.parse(gone).get("message").asText()).isEqualTo("This issue was deleted");
        assertThat(owner.get("repos/octocat/open/issues/1/comments").statusCode()).isEqualTo(410);
        assertThat(owner.all("repos/octocat/open/issues?state=all")).extracting(i -> i.get("number").asInt())
                .containsExactly(2);
        assertThat(outsider.get("repos/octocat/secret/issues/1").statusCode()).isEqualTo(404);
    }

    @Test
    void aTransferredRepositoryRedirectsEveryPathToTheNewOwner() {
        secret.transfer("acme");

        HttpResponse<String> moved = collaborator.get("repos/octocat/secret/issues/1?x=1");

        assertThat(moved.statusCode()).isEqualTo(301);
        assertThat(moved.headers().firstValue("location"))
                .hasValue(github.apiUrl() + "repos/acme/secret/issues/1?x=1");
        assertThat(owner.get("repos/octocat/secret/issues/1").statusCode()).as("the old owner lost access")
                .isEqualTo(404);
        assertThat(outsider.get("repos/octocat/secret/issues/1").statusCode()).isEqualTo(404);
        assertThat(collaborator.json("repos/acme/secret/issues/1").get("html_url").asText())
                .isEqualTo(github.htmlBase() + "acme/secret/issues/1");
    }

    @Test
    void aTransferredIssueRedirectsToItsNewHome() {
        Repo target = github.findRepo("octocat", "open").orElseThrow();
        target.issue("Already there", "x", "octocat");
        Issue issue = secret.find(1).orElseThrow();
        issue.comment("carol", "moving along");
        Issue moved = issue.transfer(target);

        HttpResponse<String> redirect = owner.get("repos/octocat/secret/issues/1");

        assertThat(moved.number()).isEqualTo(2);
        assertThat(redirect.statusCode()).isEqualTo(301);
        assertThat(redirect.headers().firstValue("location")).hasValue(github.apiUrl() + "repos/octocat/open/issues/2");
        assertThat(owner.all("repos/octocat/secret/issues?state=all")).isEmpty();
        assertThat(owner.all("repos/octocat/open/issues/2/comments")).hasSize(1);
    }

    @Test
    void aDeletedRepositoryIs404() {
        secret.delete();

        assertThat(owner.get("repos/octocat/secret").statusCode()).isEqualTo(404);
        assertThat(names(owner.all("user/repos"))).containsExactly("octocat/open");
    }

    @Test
    void readmeIsBase64InSixtyCharacterLines() {
        String markdown = "# Secret\n\n" + "A line that is long enough to need more than one line of base64. ".repeat(3);
        secret.readme(markdown);

        JsonNode readme = owner.json("repos/octocat/secret/readme");
        HttpResponse<String> raw = owner.get("repos/octocat/secret/readme", "Accept", "application/vnd.github.raw+json");

        assertThat(readme.get("encoding").asText()).isEqualTo("base64");
        String content = readme.get("content").asText();
        assertThat(content.split("\n")).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(60));
        assertThat(new String(java.util.Base64.getMimeDecoder().decode(content), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo(markdown);
        assertThat(readme.get("html_url").asText()).isEqualTo(github.htmlBase() + "octocat/secret/blob/main/README.md");
        assertThat(raw.body()).isEqualTo(markdown);
        assertThat(owner.get("repos/octocat/open/readme").statusCode()).isEqualTo(404);
    }

    @Test
    void aTrailingSlashIs404() {
        assertThat(owner.get("repos/octocat/secret/").statusCode()).isEqualTo(404);
    }

    private static List<String> names(List<JsonNode> repos) {
        return repos.stream().map(r -> r.get("full_name").asText()).toList();
    }
}
