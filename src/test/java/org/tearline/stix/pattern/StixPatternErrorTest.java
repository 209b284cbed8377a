package org.tearline.stix.pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class StixPatternErrorTest {

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\n\t ", "\u00a0\u3000\u2028"})
    void rejectsAnEmptyPattern(String text) {
        assertRejected(text, 0).hasMessage("pattern is empty");
    }

    @Test
    void rejectsNull() {
        assertRejected(null, 0).hasMessage("pattern is empty");
    }

    @Test
    void rejectsAnEmptyObservation() {
        assertRejected("[]", 1)
                .hasMessage("expected a comparison (an object path, EXISTS or '(')"
                        + " after '[' at position 1, found ']' (an observation expression cannot be empty)");
    }

    @Test
    void rejectsAnUnknownComparisonOperator() {
        assertRejected("[file:name foo 'x']", 11)
                .hasMessage("expected a comparison operator after 'file:name' at position 11, found 'foo'");
    }

    @Test
    void rejectsAMissingOperatorOrConstant() {
        assertRejected("[file:name 'x']", 11)
                .hasMessageStartingWith("expected a comparison operator after 'file:name' at position 11, found ''x''");
        assertRejected("[file:name =]", 12).hasMessage("expected a constant after '=' at position 12, found ']'");
        assertRejected("[file:name = ", 13)
                .hasMessage("expected a constant after '=' at position 13, found end of pattern");
    }

    @Test
    void rejectsComparisonsWithoutAnObjectPath() {
        assertRejected("['x' = 'x']", 1)
                .hasMessageStartingWith(
                        "expected a comparison (an object path, EXISTS or '(') after '[' at position 1");
        assertRejected("[file = 'x']", 6)
                .hasMessage("expected ':' and a property name after 'file' at position 6, found '='");
        assertRejected("[file: = 'x']", 7).hasMessage("expected a property name after ':' at position 7, found '='");
        assertRejected("[file:name. = 'x']", 12)
                .hasMessage("expected a property name after '.' at position 12, found '='");
        assertRejected("[EXISTS 'x']", 8).hasMessageStartingWith("expected an object path");
    }

    @Test
    void rejectsUnquotedHyphenatedKey() {
        assertRejected("[file:hashes.SHA-256 = 'x']", 13)
                .hasMessage("expected a property name after '.' at position 13, found 'SHA-256'"
                        + " (a name containing '-' must be quoted in apostrophes:"
                        + " STIX 2.1 section 9.7)");
        assertRejected("[x:first-name = 'x']", 3).hasMessageContaining("found 'first-name'");
    }

    @Test
    void rejectsKeysInDoubleQuotes() {
        assertRejected("[file:hashes.\"SHA-256\" = 'x']", 13)
                .hasMessage("expected a property name after '.' at position 13, found '\"'"
                        + " (names are quoted with apostrophes, not double quotes)");
    }

    @Test
    void rejectsEmptyQuotedAndUnquotedKeywordNames() {
        assertRejected("[file:'' = 'x']", 6).hasMessageEndingWith("(a name cannot be empty)");
        assertRejected("[file:hashes.'' = 'x']", 13).hasMessageEndingWith("(a name cannot be empty)");
        assertRejected("[x:true = 1]", 3)
                .hasMessageEndingWith("found 'true' (a keyword used as a name must be quoted in apostrophes)");
        assertRejected("[x:a.AND = 1]", 5).hasMessageContaining("found 'AND'");
    }

    @Test
    void rejectsAKeywordAsObjectType() {
        assertRejected("[IN:name = 'x']", 1)
                .hasMessageStartingWith("expected a comparison (an object path, EXISTS or '(') after '[' at position 1,"
                        + " found 'IN'");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "[x:list[-1] = 1]       | 8 | found '-1' (STIX 2.1 section 9.7.2)",
                "[x:list[x] = 1]        | 8 | found 'x'",
                "[x:list[1.5] = 1]      | 8 | found '1.5'",
                "[x:list['a'] = 1]      | 8 | found ''a''",
                "[x:list[] = 1]         | 8 | found ']'",
                "[x:list[1 = 1]         | 10 | expected ']' after '1' at position 10, found '='"
            })
    void rejectsMalformedListIndexes(String text, int position, String detail) {
        assertRejected(text, position).hasMessageContaining(detail);
    }

    @Test
    void rejectsUnbalancedBracketsAndParentheses() {
        assertRejected("[x:a = 1", 8)
                .hasMessage("expected AND, OR or ']' after '1' at position 8, found end of pattern");
        assertRejected("[x:a = 1]]", 9)
                .hasMessage("expected AND, OR, FOLLOWEDBY, a qualifier"
                        + " (WITHIN, REPEATS, START) or end of pattern after ']' at position 9, found ']'"
                        + " (it closes no '[')");
        assertRejected("([x:a = 1]", 10)
                .hasMessage("expected AND, OR, FOLLOWEDBY, a qualifier"
                        + " (WITHIN, REPEATS, START) or ')' after ']' at position 10, found end of pattern");
        assertRejected("[x:a = 1])", 9).hasMessageEndingWith("found ')' (it closes no '(')");
        assertRejected("[(x:a = 1]", 9).hasMessage("expected AND, OR or ')' after '1' at position 9, found ']'");
        assertRejected("[x:a = 1)]", 8).hasMessage("expected AND, OR or ']' after '1' at position 8, found ')'");
    }

    @Test
    void rejectsTrailingGarbage() {
        assertRejected("[x:a = 1] garbage", 10)
                .hasMessageEndingWith("or end of pattern after ']' at position 10, found 'garbage'");
        assertRejected("[x:a = 1] [x:b = 2]", 10).hasMessageEndingWith("found '['");
        assertRejected("[x:a = 1] AND", 13)
                .hasMessage("expected an observation expression"
                        + " ('[' or '(') after 'AND' at position 13, found end of pattern");
        assertRejected("[x:a = 1 AND]", 12)
                .hasMessageStartingWith(
                        "expected a comparison (an object path, EXISTS or '(') after 'AND' at position 12");
    }

    @Test
    void rejectsAQualifierInsideTheBrackets() {
        assertRejected("[x:a = 1 WITHIN 5 SECONDS]", 9)
                .hasMessage("expected AND, OR or ']' after '1' at position 9, found 'WITHIN'");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "[x:a = 1] and [x:b = 2]           | 10 | found 'and' (keywords are case-sensitive: write AND)",
                "[x:a = 1] followedBy [x:b = 2]    | 10 | (keywords are case-sensitive: write FOLLOWEDBY)",
                "[x:a = 1 or x:b = 2]              | 9  | found 'or' (keywords are case-sensitive: write OR)",
                "[x:a like 'x']                    | 5  | found 'like' (keywords are case-sensitive: write LIKE)",
                "[x:a = TRUE]                      | 7  | found 'TRUE' (keywords are case-sensitive: write true)",
                "[x:a = 1] within 5 SECONDS        | 10 | (keywords are case-sensitive: write WITHIN)",
                "[x:a = 1] WITHIN 5 seconds        | 19 | expected SECONDS after '5' at position 19, found 'seconds'"
            })
    void rejectsKeywordsInTheWrongCase(String text, int position, String detail) {
        assertRejected(text, position).hasMessageContaining(detail);
    }

    @Test
    void rejectsEscapesOtherThanApostropheAndBackslash() {
        assertRejected("[x:a = 'C:\\Windows']", 10)
                .hasMessage("invalid escape '\\W' in a string"
                        + " at position 10: only \\' and \\\\ are allowed (STIX 2.1 section 9.2)");
        assertRejected("[x:a = 'tab\\t']", 11).hasMessageStartingWith("invalid escape '\\t'");
        assertRejected("[x:a = 'end\\", 11).hasMessageStartingWith("invalid escape '\\'");
    }

    @Test
    void rejectsAnUnterminatedString() {
        assertRejected("[x:a = 'abc]", 7)
                .hasMessage("unterminated string starting at position 7: no closing apostrophe");
        assertRejected("[x:a = 'it\\']", 7).hasMessageStartingWith("unterminated string");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "[x:a = +5]         | 7 | '+' before a number at position 7: positive numbers are written without a sign (STIX 2.1 section 9.2)",
                "[x:a = +.5]        | 7 | '+' before a number at position 7",
                "[x:a = 007]        | 7 | malformed number '007' at position 7: an integer has no leading zeros",
                "[x:a = 5.]         | 7 | malformed number '5.' at position 7: digits must follow the decimal point",
                "[x:a = 1e5]        | 7 | malformed number '1e5' at position 7",
                "[x:a = 1.5E-3]     | 7 | malformed number '1.5E' at position 7",
                "[x:a = 1.2.3]      | 7 | malformed number '1.2.3' at position 7",
                "[x:a = 0x1f]       | 7 | malformed number '0x1f' at position 7",
                "[x:a = 9007199254740992]  | 7 | integer '9007199254740992' at position 7 is out of range: STIX integers lie within ±(2^53 - 1) (STIX 2.1 section 2.10)",
                "[x:a = -99999999999999999999999] | 7 | is out of range"
            })
    void rejectsMalformedNumbers(String text, int position, String message) {
        assertRejected(text, position).hasMessageContaining(message);
    }

    @Test
    void rejectsAFloatBeyondDoublePrecision() {
        assertRejected("[x:a = " + "9".repeat(400) + ".0]", 7)
                .hasMessageEndingWith("at position 7 is out of the double-precision range (STIX 2.1 section 2.6)");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "[x:a = h'FFD8']  | the digits a-f must be lower case",
                "[x:a = h'ffd']   | the number of digits must be even",
                "[x:a = h'xy']    | only the digits 0-9 and a-f may appear",
                "[x:a = h'ff]     | unterminated hex constant starting at position 7"
            })
    void rejectsMalformedHex(String text, String problem) {
        assertRejected(text, 7).hasMessageContaining(problem);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "[x:a = b'']      | it holds no data",
                "[x:a = b'ABI']   | the base64 length is not a multiple of 4",
                "[x:a = b'AB!=']  | it contains '!', which is not a base64 character",
                "[x:a = b'A=BC']  | '=' may only pad the end",
                "[x:a = b'A===']  | '=' may only pad the end",
                "[x:a = b'AB-_']  | it contains '-'"
            })
    void rejectsMalformedBinary(String text, String problem) {
        assertRejected(text, 7)
                .hasMessageStartingWith("invalid binary constant")
                .hasMessageContaining(problem);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "[x:a = t'2016-13-01T00:00:00Z']",
                "[x:a = t'2016-02-30T00:00:00Z']",
                "[x:a = t'2016-06-01T24:00:00Z']",
                "[x:a = t'2016-06-01T00:00:60Z']",
                "[x:a = t'2016-06-01T00:00:00']",
                "[x:a = t'2016-06-01T00:00:00+01:00']",
                "[x:a = t'2016-06-01 00:00:00Z']",
                "[x:a = t'2016-06-01T00:00:00.Z']",
                "[x:a = t'']"
            })
    void rejectsInvalidTimestamps(String text) {
        assertRejected(text, 7)
                .hasMessageStartingWith("invalid timestamp 't'")
                .hasMessageContaining("at position 7: expected YYYY-MM-DDTHH:mm:ss[.s+]Z");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "[x:a LIKE 5]           | 10 | expected a string constant after 'LIKE' at position 10, found the integer '5'",
                "[x:a MATCHES true]     | 13 | expected a string constant after 'MATCHES' at position 13, found the boolean 'true'",
                "[x:a ISSUBSET h'00']   | 14 | expected a string constant after 'ISSUBSET' at position 14, found the hex 'h'00''",
                "[x:a ISSUPERSET 1.5]   | 16 | found the float '1.5'",
                "[x:a < true]           | 7  | expected a number, string, hex, binary or timestamp constant after '<' at position 7, found the boolean 'true'",
                "[x:a IN 'x']           | 8  | expected a parenthesised set of constants after 'IN' at position 8, found ''x''",
                "[x:a = ('x')]          | 7  | expected a constant after '=' at position 7, found '('",
                "[x:a = foo]            | 7  | expected a constant after '=' at position 7, found 'foo'",
                "[x:a = x:b]            | 7  | found 'x'"
            })
    void rejectsConstantsTheOperatorDoesNotTake(String text, int position, String message) {
        assertRejected(text, position).hasMessageContaining(message);
    }

    @Test
    void rejectsMalformedSets() {
        assertRejected("[x:a IN ()]", 9)
                .hasMessage("expected a constant after '(' at position 9,"
                        + " found ')' (a set needs at least one constant)");
        assertRejected("[x:a IN (1, 'x')]", 12)
                .hasMessage("expected another integer constant"
                        + " after ',' at position 12, found the string ''x'' (the constants of a set share"
                        + " one type: STIX 2.1 section 9.6.1)");
        assertRejected("[x:a IN (1, 2.0)]", 12).hasMessageContaining("found the float '2.0'");
        assertRejected("[x:a IN ((1))]", 9)
                .hasMessageStartingWith("expected a constant after '(' at position 9, found '('");
        assertRejected("[x:a IN (1, 2]", 13).hasMessage("expected ',' or ')' after '2' at position 13, found ']'");
        assertRejected("[x:a IN (1,)]", 11).hasMessageStartingWith("expected a constant after ',' at position 11");
    }

    @Test
    void rejectsOperatorsFromOtherLanguages() {
        assertRejected("[x:a == 1]", 6)
                .hasMessage("expected a constant after '=' at position 6,"
                        + " found '=' (the equality operator is '=', not '==')");
        assertRejected("[x:a <> 1]", 6)
                .hasMessage("expected a number, string, hex, binary or"
                        + " timestamp constant after '<' at position 6, found '>' (the inequality operator"
                        + " is '!=', not '<>')");
        assertRejected("[x:a ! = 1]", 5).hasMessageContaining("found '!'");
        assertRejected("[x:a = 1 && x:b = 2]", 9).hasMessageContaining("found '&'");
    }

    @Test
    void rejectsNotOutsideItsPlace() {
        assertRejected("[NOT x:a = 1]", 1)
                .hasMessageEndingWith("found 'NOT' (NOT goes between the object path and the operator)");
        assertRejected("[NOT EXISTS x:a]", 1).hasMessageContaining("found 'NOT'");
        assertRejected("[x:a NOT NOT = 1]", 9)
                .hasMessageStartingWith("expected a comparison operator after 'x:a NOT' at position 9, found 'NOT'");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "[x:a = 1] WITHIN 0 SECONDS          | 17 | expected a positive number of seconds after 'WITHIN' at position 17, found '0' (STIX 2.1 section 9.5.1)",
                "[x:a = 1] WITHIN 0.0 SECONDS        | 17 | found '0.0'",
                "[x:a = 1] WITHIN -5 SECONDS         | 17 | found '-5'",
                "[x:a = 1] WITHIN '5' SECONDS        | 17 | expected a positive number of seconds after 'WITHIN' at position 17, found ''5''",
                "[x:a = 1] WITHIN 5                  | 18 | expected SECONDS after '5' at position 18, found end of pattern",
                "[x:a = 1] WITHIN 5 MINUTES          | 19 | expected SECONDS after '5' at position 19, found 'MINUTES'",
                "[x:a = 1] REPEATS 0 TIMES           | 18 | expected a positive integer after 'REPEATS' at position 18, found '0' (STIX 2.1 section 9.5.1)",
                "[x:a = 1] REPEATS 2.5 TIMES         | 18 | expected a positive integer after 'REPEATS' at position 18, found '2.5'",
                "[x:a = 1] REPEATS 5                 | 19 | expected TIMES after '5' at position 19, found end of pattern",
                "[x:a = 1] START t'2016-06-01T00:00:00Z' | 39 | expected STOP after 't'2016-06-01T00:00:00Z'' at position 39, found end of pattern",
                "[x:a = 1] START '2016-06-01T00:00:00Z' STOP '2016-07-01T00:00:00Z' | 16 | expected a timestamp (t'...') after 'START' at position 16, found ''2016-06-01T00:00:00Z''",
                "[x:a = 1] STOP t'2016-07-01T00:00:00Z'  | 10 | found 'STOP'"
            })
    void rejectsMalformedQualifiers(String text, int position, String message) {
        assertRejected(text, position).hasMessageContaining(message);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "[x:a = 1] WITHIN 5 SECONDS WITHIN 6 SECONDS | 27 | WITHIN",
                "[x:a = 1] REPEATS 2 TIMES WITHIN 5 SECONDS REPEATS 3 TIMES | 43 | REPEATS",
                "([x:a = 1] OR [x:b = 2]) START t'2016-06-01T00:00:00Z' STOP t'2016-07-01T00:00:00Z' START t'2016-06-01T00:00:00Z' STOP t'2016-07-01T00:00:00Z' | 84 | START"
            })
    void rejectsTwoQualifiersOfOneKindOnOneExpression(String text, int position, String kind) {
        assertRejected(text, position)
                .hasMessage("found a second " + kind + " qualifier at"
                        + " position " + position + ": an observation expression has at most one"
                        + " qualifier of each kind (STIX 2.1 section 9.5.1); parenthesise it to qualify"
                        + " it again");
    }

    @Test
    void rejectsCharactersOutsideTheGrammar() {
        assertRejected("[x:a = 1] & [x:b = 2]", 10).hasMessageContaining("found '&'");
        assertRejected("[x:a = 1] /* comment */", 10).hasMessageContaining("found '/'");
        assertRejected("[x:a = 1]\u0000", 9).hasMessageContaining("found '\\u0000'");
        // Neither is Unicode White_Space, although Java's Character.isWhitespace accepts U+001C.
        assertRejected("[x:a = 1]\u200b", 9).hasMessageContaining("found '\\u200b'");
        assertRejected("\u001c[x:a = 1]", 0).hasMessageContaining("found '\\u001c'");
        assertRejected("[x:a = 1] \ud83d\ude00", 10).hasMessageContaining("found '\ud83d\ude00'");
        assertRejected("#[x:a = 1]", 0)
                .hasMessage("expected an observation expression" + " ('[' or '(') at position 0, found '#'");
    }

    @Test
    void deepNestingIsRefusedCleanly() {
        String hundred = "(".repeat(100) + "[x:a = 1]" + ")".repeat(100);
        assertRejected(hundred, StixPattern.MAX_NESTING)
                .hasMessage("brackets and parentheses nest more than 64 deep at position 64");

        String inside = "[" + "(".repeat(100) + "x:a = 1" + ")".repeat(100) + "]";
        assertRejected(inside, StixPattern.MAX_NESTING)
                .hasMessageStartingWith("brackets and parentheses nest more than 64 deep");

        String huge = "(".repeat(1_000_000);
        assertRejected(huge, StixPattern.MAX_NESTING)
                .hasMessageStartingWith("brackets and parentheses nest more than 64 deep");
    }

    @Test
    void nestingUpToTheLimitIsAccepted() {
        int parentheses = StixPattern.MAX_NESTING - 1;
        String deepest = "(".repeat(parentheses) + "[x:a = 1]" + ")".repeat(parentheses);

        assertThat(StixPattern.parse(deepest).render()).isEqualTo("[x:a = 1]");
    }

    @Test
    void longRunsOfOperatorsParseWithoutDeepRecursion() {
        int count = 200_000;
        String comparisons = "[" + "x:a = 1 OR ".repeat(count) + "x:a = 2]";
        String observations = "[x:a = 1] FOLLOWEDBY ".repeat(count) + "[x:a = 2]";

        assertThat(StixPattern.parse(comparisons).objectPaths()).hasSize(count + 1);
        StixPattern followed = StixPattern.parse(observations);
        assertThat(((ObservationExpression.Composite) followed.expression()).operands())
                .hasSize(count + 1);
        assertThat(followed.render()).hasSameSizeAs(observations);
    }

    @Test
    void messagesQuoteAtMostAFewDozenCharactersOfHostileText() {
        String longName = "n".repeat(10_000);
        String longString = "'" + "s".repeat(10_000) + "'";

        assertRejected("[x:" + longName + " foo 1]", 10_004).satisfies(e -> {
            assertThat(e.getMessage())
                    .hasSizeLessThan(150)
                    .contains("after '…" + "n".repeat(Snippet.MAX_CHARS) + "'")
                    .doesNotContain("n".repeat(Snippet.MAX_CHARS + 1));
        });
        assertRejected("[x:a = 1 " + longString + "]", 9)
                .satisfies(e -> assertThat(e.getMessage())
                        .hasSizeLessThan(150)
                        .contains("found ''" + "s".repeat(Snippet.MAX_CHARS - 1) + "…'"));
        assertRejected("[x:a = 1]\n\r\u2028garbage", 12)
                .hasMessageContaining("after ']'")
                .hasMessageContaining("found 'garbage'");
        assertRejected("[x:a = 'a\\\nb']", 9).hasMessageStartingWith("invalid escape '\\\\n'");
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertRejected(String text, int position) {
        return assertThatThrownBy(() -> StixPattern.parse(text))
                .isInstanceOf(InvalidPatternException.class)
                .satisfies(e -> assertThat(((InvalidPatternException) e).position())
                        .as("position")
                        .isEqualTo(position));
    }
}
