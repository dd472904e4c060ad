package io.trebuchet.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.TrebuchetException;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SameOriginTest {
    /**
     * method | Origin | Sec-Fetch-Site | scheme | X-Forwarded-Proto | Host | refused; an empty cell is an absent header.
     */
    @ParameterizedTest(name = "{0} Origin={1} Sec-Fetch-Site={2} {3} X-Forwarded-Proto={4} Host={5}: refused={6}")
    @CsvSource(
            delimiter = '|',
            nullValues = "-",
            value = {
                // curl, CI, the CLI: no browser headers
                "POST | - | - | http | - | 127.0.0.1:8080 | false",
                "PUT | - | - | http | - | - | false",
                // the server's own pages
                "POST | http://127.0.0.1:8080 | same-origin | http | - | 127.0.0.1:8080 | false",
                "POST | http://LOCALHOST:8080 | - | http | - | localhost:8080 | false",
                "DELETE | http://localhost | none | http | - | localhost:80 | false",
                "POST | http://[::1]:8080 | same-origin | http | - | [::1]:8080 | false",
                "POST | https://trebuchet.example.com | same-origin | http | https | trebuchet.example.com | false",
                "POST | https://trebuchet.example.com:443 | - | http | https, http | trebuchet.example.com | false",
                // reads are never refused
                "GET | http://evil.test | cross-site | http | - | 127.0.0.1:8080 | false",
                "HEAD | null | same-site | http | - | 127.0.0.1:8080 | false",
                "OPTIONS | http://evil.test | cross-site | http | - | 127.0.0.1:8080 | false",
                // other sites and other origins of the same site
                "POST | http://evil.test | cross-site | http | - | 127.0.0.1:8080 | true",
                "POST | http://evil.test | - | http | - | 127.0.0.1:8080 | true",
                "POST | - | cross-site | http | - | 127.0.0.1:8080 | true",
                "POST | - | same-site | http | - | 127.0.0.1:8080 | true",
                "PUT | http://127.0.0.1:9999 | same-site | http | - | 127.0.0.1:8080 | true",
                "POST | http://127.0.0.1:9999 | same-origin | http | - | 127.0.0.1:8080 | true",
                "POST | http://localhost:8080 | - | http | - | 127.0.0.1:8080 | true",
                "POST | https://127.0.0.1:8080 | - | http | - | 127.0.0.1:8080 | true",
                "POST | http://trebuchet.example.com | - | http | https | trebuchet.example.com | true",
                "DELETE | null | - | http | - | 127.0.0.1:8080 | true",
                "POST | http://127.0.0.1:8080/ | - | http | - | 127.0.0.1:8080 | true",
                "POST | http://user@127.0.0.1:8080 | - | http | - | 127.0.0.1:8080 | true",
                "POST | file:// | - | http | - | 127.0.0.1:8080 | true",
                "POST | garbage | - | http | - | 127.0.0.1:8080 | true",
                "POST | http://127.0.0.1:8080 | - | http | - | - | true",
                "PATCH | http://evil.test | - | http | - | 127.0.0.1:8080 | true",
            })
    void changesFromAnotherOriginAreRefused(
            String method,
            String origin,
            String fetchSite,
            String scheme,
            String forwardedProto,
            String host,
            boolean refused) {
        Optional<TrebuchetException> refusal = SameOrigin.refusal(new SameOrigin.Request(
                method,
                Optional.ofNullable(origin),
                Optional.ofNullable(fetchSite),
                scheme,
                Optional.ofNullable(forwardedProto),
                Optional.ofNullable(host)));

        assertThat(refusal.isPresent()).isEqualTo(refused);
        refusal.ifPresent(error -> {
            assertThat(error.code()).isEqualTo(ErrorCode.CROSS_SITE_REQUEST);
            assertThat(error.getMessage()).contains("another origin").contains("curl");
        });
    }
}
