package io.trebuchet.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.trebuchet.overview.Warning;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CellNotesTest {
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "UNUSUAL_ORDER                | cart runs version 2 here  | WARNING | cart runs version 2 here.",
                "UPSTREAM_NOT_DEPLOYED        | cart runs in staging.    | WARNING | cart runs in staging.",
                "LOCK_PAST_SUGGESTED_LIFETIME | lock 'qa' has outlived it | WARNING | lock 'qa' has outlived it.",
                "POLICY                       | error: Deployment cart    | POLICY  | Policy error: Deployment cart."
            })
    void showsEachOverviewWarningAsANoteOfItsKind(Warning.Code code, String message, CellNote.Kind kind, String text) {
        assertThat(CellNotes.warning(new Warning(code, message))).isEqualTo(new CellNote(kind, text));
    }
}
