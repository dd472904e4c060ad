package io.trebuchet.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class VisibleTextTest {
    @ParameterizedTest(name = "U+{0}: {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "200B | ZERO WIDTH SPACE",
                "200C | ZERO WIDTH NON-JOINER",
                "200D | ZERO WIDTH JOINER",
                "200E | LEFT-TO-RIGHT MARK",
                "200F | RIGHT-TO-LEFT MARK",
                "202A | LEFT-TO-RIGHT EMBEDDING",
                "202B | RIGHT-TO-LEFT EMBEDDING",
                "202C | POP DIRECTIONAL FORMATTING",
                "202D | LEFT-TO-RIGHT OVERRIDE",
                "202E | RIGHT-TO-LEFT OVERRIDE",
                "2066 | LEFT-TO-RIGHT ISOLATE",
                "2067 | RIGHT-TO-LEFT ISOLATE",
                "2068 | FIRST STRONG ISOLATE",
                "2069 | POP DIRECTIONAL ISOLATE",
                "FEFF | ZERO WIDTH NO-BREAK SPACE",
                "00AD | SOFT HYPHEN",
                "061C | ARABIC LETTER MARK",
                "2060 | WORD JOINER",
                "2028 | LINE SEPARATOR",
                "3164 | HANGUL FILLER",
                "E0041 | TAG LATIN CAPITAL LETTER A",
                "0000 | NULL",
                "001B | ESCAPE",
                "007F | DELETE",
                "0085 | NEXT LINE (NEL)",
                "D800 | HIGH SURROGATES D800",
            })
    void hiddenCharactersAreRefusedByNameAndCodePoint(String hex, String name) {
        String hidden = new String(Character.toChars(Integer.parseInt(hex, 16)));

        for (boolean multiline : new boolean[] {false, true}) {
            assertThatThrownBy(() -> check("ok " + hidden + " text", multiline))
                    .isInstanceOfSatisfying(TrebuchetException.class, error -> {
                        assertThat(error.code()).isEqualTo(ErrorCode.INVALID_LOCK);
                        assertThat(error.getMessage())
                                .startsWith("message contains U+" + hex + " " + name)
                                .contains("at character 4")
                                .doesNotContain(hidden);
                        assertThat(error.details())
                                .containsAllEntriesOf(
                                        Map.of("field", "message", "codePoint", "U+" + hex, "position", 4));
                    });
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"two\nlines", "a\ttab", "windows\r\nline", "\n"})
    void messagesMayHoldLineBreaksAndTabsButNamesMayNot(String text) {
        assertThat(check(text, true)).isEqualTo(text);
        assertThatThrownBy(() -> check(text, false))
                .isInstanceOf(TrebuchetException.class)
                .hasMessageContaining("message contains U+000");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "plain ASCII",
                "Grüße, ça va? Ελληνικά, עברית, العربية, 日本語",
                "emoji 🚀 ❤️ with variation selector",
                "private use \uE000",
                "NBSP\u00A0and thin\u2009space"
            })
    void visibleTextIsKept(String text) {
        assertThat(check(text, false)).isEqualTo(text);
        assertThat(check(text, true)).isEqualTo(text);
    }

    @Test
    void namesSayWhichCharacterInsteadOfShowingIt() {
        assertThatThrownBy(() -> AppName.of("cart\u202Eyalp"))
                .isInstanceOfSatisfying(TrebuchetException.class, error -> {
                    assertThat(error.code()).isEqualTo(ErrorCode.INVALID_APPLICATION_NAME);
                    assertThat(error.getMessage())
                            .isEqualTo("application name contains U+202E RIGHT-TO-LEFT OVERRIDE at character 5:"
                                    + " control characters, invisible characters and bidirectional overrides are"
                                    + " refused in text shown to people");
                });
        assertThatThrownBy(() -> TeamName.of("pay\u200Bments"))
                .isInstanceOf(TrebuchetException.class)
                .hasMessageStartingWith("team name contains U+200B ZERO WIDTH SPACE");
        assertThatThrownBy(() -> new Actor("Jane\u2066 Doe", "jane@example.com"))
                .isInstanceOf(TrebuchetException.class)
                .hasMessageStartingWith("author name contains U+2066 LEFT-TO-RIGHT ISOLATE");
    }

    private static String check(String text, boolean multiline) {
        return multiline
                ? VisibleText.lines(text, ErrorCode.INVALID_LOCK, "message")
                : VisibleText.line(text, ErrorCode.INVALID_LOCK, "message");
    }
}
