package org.tearline.stix.pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.tearline.stix.pattern.ComparisonExpression.Comparison;
import org.tearline.stix.pattern.Constant.BinaryConstant;
import org.tearline.stix.pattern.Constant.BooleanConstant;
import org.tearline.stix.pattern.Constant.FloatConstant;
import org.tearline.stix.pattern.Constant.HexConstant;
import org.tearline.stix.pattern.Constant.IntegerConstant;
import org.tearline.stix.pattern.Constant.SetConstant;
import org.tearline.stix.pattern.Constant.StringConstant;
import org.tearline.stix.pattern.Constant.TimestampConstant;
import org.tearline.stix.pattern.ObservationExpression.Composite;
import org.tearline.stix.pattern.ObservationExpression.Observation;
import org.tearline.stix.pattern.ObservationExpression.Qualified;

class StixPatternParseTest {

    private static final ObservationExpression A = atom("[x:a = 1]");
    private static final ObservationExpression B = atom("[x:b = 2]");
    private static final ObservationExpression C = atom("[x:c = 3]");
    private static final ObservationExpression D = atom("[x:d = 4]");

    @Test
    void parsesTheSimplestPatternIntoAComparisonTree() {
        StixPattern pattern = StixPattern.parse("[file:size = 25536]");

        assertThat(pattern.text()).isEqualTo("[file:size = 25536]");
        assertThat(pattern.expression())
                .isEqualTo(new Observation(new Comparison(
                        ObjectPath.of("file", "size"), false, ComparisonOperator.EQUAL, new IntegerConstant(25536))));
    }

    static Stream<Arguments> operators() {
        return Stream.of(
                Arguments.of("=", ComparisonOperator.EQUAL, "'x'"),
                Arguments.of("!=", ComparisonOperator.NOT_EQUAL, "4112"),
                Arguments.of("<", ComparisonOperator.LESS_THAN, "1024"),
                Arguments.of("<=", ComparisonOperator.LESS_THAN_OR_EQUAL, "25145"),
                Arguments.of(">", ComparisonOperator.GREATER_THAN, "256"),
                Arguments.of(">=", ComparisonOperator.GREATER_THAN_OR_EQUAL, "33312"),
                Arguments.of("IN", ComparisonOperator.IN, "('proccy', 'proximus', 'badproc')"),
                Arguments.of("LIKE", ComparisonOperator.LIKE, "'C:\\\\Windows\\\\%\\\\foo'"),
                Arguments.of("MATCHES", ComparisonOperator.MATCHES, "'^C:\\\\\\\\Windows\\\\w+$'"),
                Arguments.of("ISSUBSET", ComparisonOperator.ISSUBSET, "'198.51.100.0/24'"),
                Arguments.of("ISSUPERSET", ComparisonOperator.ISSUPERSET, "'198.51.100.0/24'"));
    }

    @ParameterizedTest
    @MethodSource("operators")
    void parsesEachComparisonOperatorWithAndWithoutNot(String symbol, ComparisonOperator operator, String constant) {
        Comparison plain = comparison("[x:p " + symbol + " " + constant + "]");
        Comparison negated = comparison("[x:p NOT " + symbol + " " + constant + "]");

        assertThat(plain.operator()).isEqualTo(operator);
        assertThat(plain.negated()).isFalse();
        assertThat(negated.operator()).isEqualTo(operator);
        assertThat(negated.negated()).isTrue();
        assertThat(negated.constant()).isEqualTo(plain.constant());
    }

    @Test
    void parsesExistsWithAnObjectPath() {
        assertThat(StixPattern.parse("[EXISTS windows-registry-key:values]").expression())
                .isEqualTo(new Observation(
                        new ComparisonExpression.Exists(ObjectPath.of("windows-registry-key", "values"))));
    }

    static Stream<Arguments> constants() {
        return Stream.of(
                Arguments.of("'foo.dll'", new StringConstant("foo.dll")),
                Arguments.of("''", new StringConstant("")),
                Arguments.of("'it\\'s C:\\\\x'", new StringConstant("it's C:\\x")),
                Arguments.of("'two\nlines'", new StringConstant("two\nlines")),
                Arguments.of("42", new IntegerConstant(42)),
                Arguments.of("-42", new IntegerConstant(-42)),
                Arguments.of("0", new IntegerConstant(0)),
                Arguments.of("-0", new IntegerConstant(0)),
                Arguments.of("9007199254740991", new IntegerConstant(9_007_199_254_740_991L)),
                Arguments.of("-9007199254740991", new IntegerConstant(-9_007_199_254_740_991L)),
                Arguments.of("7.0", new FloatConstant(7.0)),
                Arguments.of("-123.456", new FloatConstant(-123.456)),
                Arguments.of(".5", new FloatConstant(0.5)),
                Arguments.of("-.5", new FloatConstant(-0.5)),
                Arguments.of("-0.0", new FloatConstant(0.0)),
                Arguments.of("true", new BooleanConstant(true)),
                Arguments.of("false", new BooleanConstant(false)),
                Arguments.of("h'ffd8'", new HexConstant("ffd8")),
                Arguments.of("h''", new HexConstant("")),
                Arguments.of("b'ABI='", new BinaryConstant("ABI=")),
                Arguments.of("b'dGhpcyBpcyBhIHRlc3Q='", new BinaryConstant("dGhpcyBpcyBhIHRlc3Q=")),
                Arguments.of("b'dGhp\ncyBp\r\ncyBhIHRlc3Q='", new BinaryConstant("dGhpcyBpcyBhIHRlc3Q=")),
                Arguments.of("t'2014-01-13T07:03:17Z'", new TimestampConstant("2014-01-13T07:03:17Z")),
                Arguments.of(
                        "t'2014-01-13T07:03:17.123456789Z'", new TimestampConstant("2014-01-13T07:03:17.123456789Z")));
    }

    @ParameterizedTest
    @MethodSource("constants")
    void parsesEachConstantType(String text, Constant expected) {
        assertThat(comparison("[x:p = " + text + "]").constant()).isEqualTo(expected);
    }

    @Test
    void typedConstantsGiveTheirValues() {
        assertThat(((HexConstant) comparison("[x:p = h'ffd8']").constant()).bytes())
                .containsExactly(0xff, 0xd8);
        assertThat(((BinaryConstant) comparison("[x:p = b'ABI=']").constant()).bytes())
                .containsExactly(0x00, 0x12);
        assertThat(((TimestampConstant)
                                comparison("[x:p = t'2016-06-01T00:00:00.5Z']").constant())
                        .instant())
                .isEqualTo(Instant.parse("2016-06-01T00:00:00.500Z"));
    }

    @Test
    void parsesSetsOfEachConstantTypeForIn() {
        assertThat(comparison("[x:p IN (1, 2, -3)]").constant())
                .isEqualTo(new SetConstant(
                        List.of(new IntegerConstant(1), new IntegerConstant(2), new IntegerConstant(-3))));
        assertThat(comparison("[x:p IN ('a')]").constant())
                .isEqualTo(new SetConstant(List.of(new StringConstant("a"))));
        assertThat(comparison("[x:p NOT IN (true,false)]").constant())
                .isEqualTo(new SetConstant(List.of(new BooleanConstant(true), new BooleanConstant(false))));
        assertThat(comparison("[x:p IN (h'00', h'ff')]").constant())
                .isEqualTo(new SetConstant(List.of(new HexConstant("00"), new HexConstant("ff"))));
    }

    @Test
    void parsesObjectPathStepsListIndexesAndQuotedKeys() {
        StixPattern pattern = StixPattern.parse("[file:extensions.'windows-pebinary-ext'"
                + ".sections[*].entropy > 7.0 AND network-traffic:protocols[0] = 'tcp'"
                + " AND file:hashes.'SHA-256' = 'x' AND file:hashes.MD5 = 'y'"
                + " AND x-custom_Type:'first-name'.list[12].'key' = 1]");

        assertThat(pattern.objectPaths())
                .containsExactly(
                        new ObjectPath(
                                "file",
                                List.of(
                                        new PathStep.Property("extensions"),
                                        new PathStep.Property("windows-pebinary-ext"),
                                        new PathStep.Property("sections"),
                                        new PathStep.AnyIndex(),
                                        new PathStep.Property("entropy"))),
                        new ObjectPath(
                                "network-traffic", List.of(new PathStep.Property("protocols"), new PathStep.Index(0))),
                        ObjectPath.of("file", "hashes", "SHA-256"),
                        ObjectPath.of("file", "hashes", "MD5"),
                        new ObjectPath(
                                "x-custom_Type",
                                List.of(
                                        new PathStep.Property("first-name"),
                                        new PathStep.Property("list"),
                                        new PathStep.Index(12),
                                        new PathStep.Property("key"))));
        assertThat(pattern.objectPaths().get(0).objectType()).isEqualTo("file");
        assertThat(pattern.objectPaths().get(0).property()).isEqualTo("extensions");
    }

    @Test
    void quotedAndUnquotedPlainNamesAreTheSamePath() {
        assertThat(StixPattern.parse("[file:'hashes'.'MD5' = 'x']"))
                .isEqualTo(StixPattern.parse("[file:hashes.MD5 = 'x']"));
    }

    @Test
    void keywordsMayBeQuotedPropertyNames() {
        StixPattern pattern = StixPattern.parse("[x-thing:'AND'.'true' = 1]");

        assertThat(pattern.objectPaths()).containsExactly(ObjectPath.of("x-thing", "AND", "true"));
        assertThat(pattern.render()).isEqualTo("[x-thing:'AND'.'true' = 1]");
    }

    @Test
    void objectPathsIncludeExistsAndRepeatsInTextOrder() {
        StixPattern pattern =
                StixPattern.parse("[x:b = 1 OR EXISTS y:c] FOLLOWEDBY ([x:a = 2] AND [x:b = 3]) WITHIN 5 SECONDS");

        assertThat(pattern.objectPaths())
                .containsExactly(
                        ObjectPath.of("x", "b"),
                        ObjectPath.of("y", "c"),
                        ObjectPath.of("x", "a"),
                        ObjectPath.of("x", "b"));
    }

    @Test
    void comparisonAndBindsTighterThanOr() {
        ComparisonExpression parsed = ((Observation) StixPattern.parse("[x:a = 1 OR x:b = 2 AND x:c = 3 OR x:d = 4]")
                        .expression())
                .comparison();

        assertThat(parsed)
                .isEqualTo(new ComparisonExpression.Composite(
                        BooleanOperator.OR,
                        List.of(
                                comparison("[x:a = 1]"),
                                new ComparisonExpression.Composite(
                                        BooleanOperator.AND, List.of(comparison("[x:b = 2]"), comparison("[x:c = 3]"))),
                                comparison("[x:d = 4]"))));
    }

    @Test
    void parenthesesGroupComparisons() {
        ComparisonExpression parsed = ((Observation)
                        StixPattern.parse("[(x:a = 1 OR x:b = 2) AND x:c = 3]").expression())
                .comparison();

        assertThat(parsed)
                .isEqualTo(new ComparisonExpression.Composite(
                        BooleanOperator.AND,
                        List.of(
                                new ComparisonExpression.Composite(
                                        BooleanOperator.OR, List.of(comparison("[x:a = 1]"), comparison("[x:b = 2]"))),
                                comparison("[x:c = 3]"))));
    }

    @Test
    void observationAndBindsTighterThanOrWhichBindsTighterThanFollowedBy() {
        ObservationExpression parsed = StixPattern.parse("[x:a = 1] FOLLOWEDBY [x:b = 2] OR [x:c = 3] AND [x:d = 4]")
                .expression();

        assertThat(parsed)
                .isEqualTo(new Composite(
                        ObservationOperator.FOLLOWEDBY,
                        List.of(
                                A,
                                new Composite(
                                        ObservationOperator.OR,
                                        List.of(B, new Composite(ObservationOperator.AND, List.of(C, D)))))));
    }

    @Test
    void aRunOfOneOperatorIsOneNodeInTextOrder() {
        assertThat(StixPattern.parse("[x:a = 1] FOLLOWEDBY [x:b = 2] FOLLOWEDBY [x:c = 3]")
                        .expression())
                .isEqualTo(new Composite(ObservationOperator.FOLLOWEDBY, List.of(A, B, C)));
    }

    @Test
    void parenthesesGroupObservationExpressions() {
        assertThat(StixPattern.parse("([x:a = 1] OR [x:b = 2]) AND [x:c = 3]").expression())
                .isEqualTo(new Composite(
                        ObservationOperator.AND, List.of(new Composite(ObservationOperator.OR, List.of(A, B)), C)));
        assertThat(StixPattern.parse("((([x:a = 1])))").expression()).isEqualTo(A);
    }

    @Test
    void aQualifierAppliesOnlyToTheObservationExpressionBeforeIt() {
        // STIX 2.1 section 9.5.1: "[ b ] FOLLOWEDBY [ c ] REPEATS 5 TIMES" repeats only c.
        assertThat(StixPattern.parse("[x:b = 2] FOLLOWEDBY [x:c = 3] REPEATS 5 TIMES")
                        .expression())
                .isEqualTo(new Composite(
                        ObservationOperator.FOLLOWEDBY,
                        List.of(B, new Qualified(C, List.of(new Qualifier.Repeats(5))))));
        assertThat(StixPattern.parse("[x:a = 1] WITHIN 5 SECONDS AND [x:b = 2]").expression())
                .isEqualTo(new Composite(ObservationOperator.AND, List.of(new Qualified(A, List.of(within(5))), B)));
    }

    @Test
    void parsesFollowedByWithinQualifierOnAParenthesisedGroup() {
        assertThat(StixPattern.parse("([x:a = 1] FOLLOWEDBY [x:b = 2]) WITHIN 300 SECONDS")
                        .expression())
                .isEqualTo(new Qualified(
                        new Composite(ObservationOperator.FOLLOWEDBY, List.of(A, B)), List.of(within(300))));
    }

    @Test
    void parsesEachQualifierAndCombinationsInAnyOrder() {
        Qualifier.StartStop startStop = new Qualifier.StartStop(
                new TimestampConstant("2016-06-01T00:00:00Z"), new TimestampConstant("2016-07-01T00:00:00Z"));

        assertThat(StixPattern.parse("[x:a = 1] WITHIN 0.5 SECONDS").expression())
                .isEqualTo(new Qualified(A, List.of(new Qualifier.Within(new FloatConstant(0.5)))));
        assertThat(StixPattern.parse("[x:a = 1] REPEATS 1 TIMES").expression())
                .isEqualTo(new Qualified(A, List.of(new Qualifier.Repeats(1))));
        assertThat(StixPattern.parse("[x:a = 1] START t'2016-06-01T00:00:00Z'" + " STOP t'2016-07-01T00:00:00Z'")
                        .expression())
                .isEqualTo(new Qualified(A, List.of(startStop)));
        assertThat(StixPattern.parse("[x:a = 1] START t'2016-06-01T00:00:00Z'"
                                + " STOP t'2016-07-01T00:00:00Z' WITHIN 10 SECONDS REPEATS 2 TIMES")
                        .expression())
                .isEqualTo(new Qualified(A, List.of(startStop, within(10), new Qualifier.Repeats(2))));
    }

    @Test
    void parenthesesLetAQualifiedExpressionBeQualifiedAgain() {
        assertThat(StixPattern.parse("([x:a = 1] WITHIN 1 SECONDS) WITHIN 2 SECONDS")
                        .expression())
                .isEqualTo(new Qualified(new Qualified(A, List.of(within(1))), List.of(within(2))));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "[file:size=25536]AND[x:a=1]",
                "[ file:size = 25536 ]AND[ x:a = 1 ]",
                "\n\t[file:size\r\n=\u00a025536]\u2028AND\u3000[x:a\u2003=\u205f1]\u0085",
                "[file : size = 25536] AND [x:a = 1]"
            })
    void whitespaceIsOptionalBetweenTokensAndMayBeAnyUnicodeSpace(String text) {
        assertThat(StixPattern.parse(text).render()).isEqualTo("[file:size = 25536] AND [x:a = 1]");
    }

    @Test
    void rendersCanonicalTextWithOnlyTheNeededParenthesesAndQuotes() {
        StixPattern pattern = StixPattern.parse("(  ( [x:a=1] AND [x:b=2] ) OR ([x:c=3]) )"
                + " FOLLOWEDBY ([x:'d'.'e-f'.g[*] NOT IN ( 'a' ,'b\\'c' )] REPEATS 2 TIMES)");

        assertThat(pattern.render())
                .isEqualTo("[x:a = 1] AND [x:b = 2] OR [x:c = 3]"
                        + " FOLLOWEDBY [x:d.'e-f'.g[*] NOT IN ('a', 'b\\'c')] REPEATS 2 TIMES");
        assertThat(pattern.toString()).isEqualTo(pattern.render());
        assertThat(StixPattern.parse(pattern.render())).isEqualTo(pattern);
    }

    @Test
    void rendersParenthesesThatTheTreeNeeds() {
        assertThat(StixPattern.parse("([x:a = 1] OR [x:b = 2]) AND ([x:c = 3] AND [x:d = 4])")
                        .render())
                .isEqualTo("([x:a = 1] OR [x:b = 2]) AND ([x:c = 3] AND [x:d = 4])");
        assertThat(StixPattern.parse("[(x:a = 1 OR x:b = 2) AND x:c = 3]").render())
                .isEqualTo("[(x:a = 1 OR x:b = 2) AND x:c = 3]");
        assertThat(StixPattern.parse("([x:a = 1] REPEATS 2 TIMES) WITHIN 1.50 SECONDS")
                        .render())
                .isEqualTo("([x:a = 1] REPEATS 2 TIMES) WITHIN 1.5 SECONDS");
    }

    @Test
    void everyNodePrintsItselfAsPatternText() {
        StixPattern pattern = StixPattern.parse("[x-a:'b-c'[*].d[2] NOT IN (b'AAAA', b'AQID')"
                + " OR EXISTS x-a:e] START t'2016-06-01T00:00:00Z' STOP t'2016-07-01T00:00:00Z'");
        Qualified qualified = (Qualified) pattern.expression();
        ComparisonExpression.Composite or =
                (ComparisonExpression.Composite) ((Observation) qualified.expression()).comparison();
        Comparison in = (Comparison) or.operands().get(0);

        assertThat(qualified.qualifiers().get(0).render())
                .isEqualTo("START t'2016-06-01T00:00:00Z' STOP t'2016-07-01T00:00:00Z'");
        assertThat(or.render()).isEqualTo("x-a:'b-c'[*].d[2] NOT IN (b'AAAA', b'AQID')" + " OR EXISTS x-a:e");
        assertThat(in.path().render()).isEqualTo("x-a:'b-c'[*].d[2]");
        assertThat(in.path().steps()).extracting(PathStep::render).containsExactly("'b-c'", "[*]", "d", "[2]");
        assertThat(in.constant().render()).isEqualTo("(b'AAAA', b'AQID')");
        assertThat(new FloatConstant(1e20).render()).isEqualTo("100000000000000000000.0");
        assertThat(new FloatConstant(-1e-7).render()).isEqualTo("-0.00000010");
        assertThat(new StringConstant("it's \\ \n").render()).isEqualTo("'it\\'s \\\\ \n'");
        assertThat(new Qualifier.Within(new FloatConstant(2.5)).render()).isEqualTo("WITHIN 2.5 SECONDS");
    }

    @Test
    void patternsAreEqualWhenTheirTreesAreWhateverTheSpacing() {
        StixPattern spaced = StixPattern.parse("[ file:name = 'a' ]");
        StixPattern tight = StixPattern.parse("[file:name='a']");

        assertThat(spaced).isEqualTo(tight).hasSameHashCodeAs(tight);
        assertThat(spaced.text()).isNotEqualTo(tight.text());
        assertThat(spaced).isNotEqualTo(StixPattern.parse("[file:name = 'b']"));
    }

    /** Every example pattern of STIX 2.1 sections 9.1 to 9.8. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "[ipv4-addr:value = '198.51.100.1/32']",
                "[ipv4-addr:value = '198.51.100.1/32' OR ipv4-addr:value = '203.0.113.33/32'"
                        + " OR ipv6-addr:value = '2001:0db8:dead:beef:dead:beef:dead:0001/128'] REPEATS 5 TIMES",
                "([ipv4-addr:value = '198.51.100.1/32' OR ipv4-addr:value = '203.0.113.33/32'"
                        + " OR ipv6-addr:value = '2001:0db8:dead:beef:dead:beef:dead:0001/128']"
                        + " FOLLOWEDBY [domain-name:value = 'example.com']) WITHIN 600 SECONDS",
                "([ipv4-addr:value = '198.51.100.5' ] AND [ipv4-addr:value = '198.51.100.10'])" + " WITHIN 300 SECONDS",
                "[file:name = 'foo.dll'] START t'2016-06-01T00:00:00Z' STOP t'2016-07-01T00:00:00Z'",
                "[ network-traffic:src_ref.value = '203.0.113.10'"
                        + " AND network-traffic:dst_ref.value = '198.51.100.58' ]",
                "[(type-a:property_j = 'W' AND type-a:property_k = 'X')"
                        + " OR (type-b:property_m = 'Y' AND type-b:property_n = 'Z')]",
                "([file:hashes.'SHA-256' = '13987239847...'] AND [windows-registry-key:key = 'hkey'])"
                        + " WITHIN 120 SECONDS",
                "[file:hashes.'SHA-256' = 'aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f']",
                "[email-message:from_ref.value MATCHES '.+\\\\@example\\\\.com$'"
                        + " AND email-message:body_multipart[*].body_raw_ref.name"
                        + " MATCHES '^Final Report.+\\\\.exe$']",
                "[file:hashes.'SHA-256' = 'bf07a7fbb825fc0aae7bf4a1177b2b31fcf8a3feeaf7092761e18c859ee52a9c'"
                        + " OR file:hashes.MD5 = 'cead3f77f6cda6ec00f57d76c9a6879f']\n"
                        + "AND [file:hashes.'SHA-256' = 'aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f']",
                "([file:hashes.MD5 = '79054025255fb1a26e4bc422aef54eb4']"
                        + " FOLLOWEDBY [windows-registry-key:key = 'HKEY_LOCAL_MACHINE\\\\foo\\\\bar'])"
                        + " WITHIN 300 SECONDS",
                "[artifact:mime_type = 'application/vnd.tcpdump.pcap'"
                        + " AND artifact:payload_bin MATCHES '\\\\xd4\\\\xc3\\\\xb2\\\\xa1\\\\x02\\\\x00\\\\x04\\\\x00']",
                "[file:extensions.'windows-pebinary-ext'.sections[*].entropy > 7.0]",
                "[file:mime_type = 'image/bmp' AND file:magic_number_hex = h'ffd8']",
                "[network-traffic:dst_ref.type = 'domain-name' AND network-traffic:dst_ref.value"
                        + " = 'example.com'] REPEATS 5 TIMES WITHIN 1800 SECONDS",
                "[domain-name:value = 'www.5z8.info'"
                        + " AND domain-name:resolves_to_refs[*].value = '198.51.100.1/32']",
                "[x509-certificate:issuer = 'CN=WEBMAIL'"
                        + " AND x509-certificate:serial_number = '4c:0b:1d:19:74:86:a7:66:b4:1a:bf:40:27:21:76:28']",
                "[(file:name = 'pdf.exe' OR file:size = 371712) AND file:created = t'2014-01-13T07:03:17Z']",
                "[artifact:payload_bin = b'dGhpcyBpcyBhIHRlc3Q=']",
                "[artifact:payload_bin = h'7468697320697320612074657374']",
                "[directory:path LIKE 'C:\\\\Windows\\\\%\\\\foo']",
                "[EXISTS windows-registry-key:values]",
                "[directory:contains_refs[*].name = 'x' AND email-message:from_ref.value = 'y']"
            })
    void parsesTheSpecificationExamples(String text) {
        StixPattern pattern = StixPattern.parse(text);

        assertThat(StixPattern.parse(pattern.render())).isEqualTo(pattern);
    }

    @Test
    void treeNodesRefuseWhatTheGrammarRefuses() {
        assertThatThrownBy(() -> new Qualifier.Within(new IntegerConstant(0)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Qualifier.Repeats(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Qualified(A, List.of(within(1), within(2))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Composite(ObservationOperator.AND, List.of(A)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() ->
                        new Comparison(ObjectPath.of("x", "p"), false, ComparisonOperator.LIKE, new IntegerConstant(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SetConstant(List.of(new IntegerConstant(1), new StringConstant("1"))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HexConstant("FF")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BinaryConstant("A===")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new IntegerConstant(1L << 53)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FloatConstant(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ObjectPath.of("IN", "p")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ObjectPath("x", List.of(new PathStep.AnyIndex())))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PathStep.Property("")).isInstanceOf(IllegalArgumentException.class);
    }

    private static ObservationExpression atom(String text) {
        return StixPattern.parse(text).expression();
    }

    private static Comparison comparison(String text) {
        return (Comparison) ((Observation) StixPattern.parse(text).expression()).comparison();
    }

    private static Qualifier.Within within(long seconds) {
        return new Qualifier.Within(new IntegerConstant(seconds));
    }
}
