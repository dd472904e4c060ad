package io.trebuchet.imageautomation;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RegistryChallengeTest {
    @Test
    void aBearerChallengeNamesTheTokenServiceAndItsScope() {
        RegistryChallenge challenge = RegistryChallenge.parse(
                "Bearer realm=\"https://ghcr.io/token\",service=\"ghcr.io\",scope=\"repository:org/chart:pull\"");

        assertThat(challenge.scheme()).isEqualTo("bearer");
        assertThat(challenge.tokenUri("repository:other:pull"))
                .contains(URI.create("https://ghcr.io/token?service=ghcr.io&scope=repository%3Aorg%2Fchart%3Apull"));
    }

    @Test
    void theCallersScopeServesWhenTheChallengeNamesNone() {
        assertThat(RegistryChallenge.parse("Bearer realm=\"https://auth.example.com/token?x=1\"")
                        .tokenUri("repository:charts/mapserver:pull"))
                .contains(
                        URI.create("https://auth.example.com/token?x=1&scope=repository%3Acharts%2Fmapserver%3Apull"));
    }

    @Test
    void basicAndMissingChallengesHaveNoTokenService() {
        assertThat(RegistryChallenge.parse("Basic realm=\"registry\""))
                .isEqualTo(new RegistryChallenge("basic", Map.of("realm", "registry")));
        assertThat(RegistryChallenge.parse("").scheme()).isEmpty();
        assertThat(RegistryChallenge.parse("Basic realm=\"registry\"").tokenUri("scope"))
                .isEmpty();
    }
}
