package org.tearline.http;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Fields;
import org.tearline.error.BadRequestException;
import org.tearline.error.Echo;

/** The one parser of a request's query string, as percent-encoded UTF-8. */
public final class QueryString {

    private QueryString() {}

    /**
     * Every parameter with all its values, in the order given.
     *
     * @param invalid what the client is told when the query is not percent-encoded UTF-8
     */
    public static Map<String, List<String>> parse(Request request, String invalid) {
        Fields fields;
        try {
            fields = Request.extractQueryParameters(request, StandardCharsets.UTF_8);
        } catch (RuntimeException e) {
            throw new BadRequestException(invalid);
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Fields.Field f : fields) {
            out.put(f.getName(), f.getValues());
        }
        return out;
    }

    /** Each parameter's one value; a parameter given twice is refused. */
    public static Map<String, String> single(Map<String, List<String>> parameters) {
        Map<String, String> out = new LinkedHashMap<>();
        parameters.forEach((name, values) -> {
            if (values.size() > 1) {
                throw new BadRequestException("parameter " + Echo.quote(name) + " appears more than once");
            }
            out.put(name, values.get(0));
        });
        return out;
    }

    /** Each parameter's first value. */
    public static Map<String, String> first(Map<String, List<String>> parameters) {
        Map<String, String> out = new LinkedHashMap<>();
        parameters.forEach((name, values) -> out.put(name, values.get(0)));
        return out;
    }
}
