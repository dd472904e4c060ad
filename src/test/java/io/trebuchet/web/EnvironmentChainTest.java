package io.trebuchet.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.trebuchet.core.EnvName;
import io.trebuchet.web.EnvironmentChain.Kind;
import io.trebuchet.web.EnvironmentChain.Link;
import io.trebuchet.web.EnvironmentChain.Stage;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class EnvironmentChainTest {
    @Test
    void aStraightChainIsJoinedByArrowsUpToTheGroup() {
        List<Link> links = EnvironmentChain.links(
                List.of(stage("dev", ""), stage("staging", "dev"), stage("prod-de prod-fr", "staging")));

        assertThat(links).extracting(Link::kind).containsExactly(Kind.FIRST, Kind.NEXT, Kind.NEXT);
    }

    @Test
    void aStageFedByAnEarlierStageThanTheOneBeforeItNamesWhereFrom() {
        List<Link> links = EnvironmentChain.links(
                List.of(stage("dev", ""), stage("staging", "dev"), stage("qa", "dev"), stage("prod", "staging qa")));

        assertThat(links).extracting(Link::kind).containsExactly(Kind.FIRST, Kind.NEXT, Kind.BRANCH, Kind.BRANCH);
        assertThat(links.get(2).fromText()).isEqualTo("from dev");
        assertThat(links.get(3).fromText()).isEqualTo("from qa, staging");
    }

    @Test
    void aStageThatGetsEveryReleaseStartsAnotherChain() {
        List<Link> links = EnvironmentChain.links(
                List.of(stage("dev", ""), stage("staging", "dev"), stage("sandbox", ""), stage("demo", "sandbox")));

        assertThat(links).extracting(Link::kind).containsExactly(Kind.FIRST, Kind.NEXT, Kind.START, Kind.NEXT);
    }

    @Test
    void aMemberFedByAnotherMemberOfItsGroupStaysInsideTheStage() {
        List<Link> links = EnvironmentChain.links(List.of(
                stage("staging", ""),
                new Stage(names("canary prod"), names("staging canary")),
                new Stage(names("edge"), names("edge"))));

        assertThat(links).extracting(Link::kind).containsExactly(Kind.FIRST, Kind.NEXT, Kind.START);
    }

    private static Stage stage(String members, String upstreams) {
        return new Stage(names(members), names(upstreams));
    }

    private static Set<EnvName> names(String names) {
        return Arrays.stream(names.split(" "))
                .filter(name -> !name.isEmpty())
                .map(EnvName::of)
                .collect(Collectors.toSet());
    }
}
