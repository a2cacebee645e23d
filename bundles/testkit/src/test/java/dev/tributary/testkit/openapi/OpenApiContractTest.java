package dev.tributary.testkit.openapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The checker finds each kind of drift between an answer and the description, and says where. */
class OpenApiContractTest {

    static final String DESCRIPTION = """
            {
              "openapi": "3.1.0",
              "info": {"title": "things", "version": "1"},
              "servers": [{"url": "/api/v1"}],
              "paths": {
                "/things": {
                  "get": {
                    "operationId": "listThings",
                    "parameters": [{"name": "size", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 100}},
                                   {"name": "tag", "in": "query", "schema": {"type": "array", "items": {"type": "string"}}}],
                    "responses": {
                      "200": {"description": "ok", "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/Thing"}}}}},
                      "400": {"$ref": "#/components/responses/Problem"}
                    }
                  },
                  "post": {
                    "operationId": "makeThing",
                    "responses": {
                      "201": {"description": "made", "headers": {"Location": {"required": true, "schema": {"type": "string"}}},
                              "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}}
                    }
                  }
                },
                "/things/{id}": {
                  "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}],
                  "get": {
                    "operationId": "getThing",
                    "responses": {
                      "200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}},
                      "404": {"$ref": "#/components/responses/Problem"}
                    }
                  },
                  "delete": {"operationId": "dropThing", "responses": {"204": {"description": "gone"}}}
                },
                "/things/special": {
                  "get": {"operationId": "special", "responses": {"200": {"description": "ok", "content": {"text/plain": {"schema": {"type": "string"}}}}}}
                }
              },
              "components": {
                "schemas": {
                  "Thing": {"type": "object", "required": ["name", "when"], "additionalProperties": false,
                            "properties": {"name": {"type": "string"}, "when": {"type": "string", "format": "date-time"}}}
                },
                "responses": {
                  "Problem": {"description": "a problem", "content": {"application/problem+json": {"schema": {"type": "object", "required": ["status"]}}}}
                }
              }
            }
            """;
    static final String THING = "{\"name\": \"a\", \"when\": \"2026-01-31T09:30:00Z\"}";

    final OpenApiContract api = OpenApiContract.parse(DESCRIPTION);

    @Test
    void anExchangeThatKeepsToTheDescriptionPasses() {
        assertThat(api.problems(Exchange.of("GET", "/things/7", 200, "application/json; charset=UTF-8", THING))).isEmpty();
        assertThat(api.problems(Exchange.of("GET", "/api/v1/things?size=5&tag=a&tag=b", 200, "application/json", "[" + THING + "]")))
                .as("with the server URL, a repeated array parameter").isEmpty();
        assertThat(api.problems(Exchange.of("GET", "/things/7", 404, "application/problem+json", "{\"status\": 404}"))).isEmpty();
        assertThat(api.problems(Exchange.of("DELETE", "/things/7", 204, null, ""))).isEmpty();
        assertThat(api.operation("GET", "/things/special?x=1")).map(Operation::operationId).as("the literal path wins").contains("special");
    }

    @Test
    void anUndocumentedPathMethodOrStatusIsNamed() {
        assertThat(api.problems(Exchange.of("GET", "/nothing", 200, "application/json", "{}")))
                .containsExactly("no path of the description matches /nothing (the server URL is '/api/v1')");
        assertThat(api.problems(Exchange.of("PUT", "/things/7", 200, "application/json", THING)))
                .containsExactly("PUT is not an operation of /things/{id}; it has GET, DELETE");
        assertThat(api.problems(Exchange.of("GET", "/things/7", 418, "application/json", "{}")))
                .containsExactly("GET /things/{id} (getThing) answered 418, which it does not document (it documents 200, 404)");
    }

    @Test
    void aWrongContentTypeOrAnUnexpectedBodyIsNamed() {
        assertThat(api.problems(Exchange.of("GET", "/things/7", 200, "text/html", "<p>")))
                .containsExactly("GET /things/{id} (getThing) answering 200 answered Content-Type text/html, but documents application/json");
        assertThat(api.problems(Exchange.of("DELETE", "/things/7", 204, "application/json", "{}")))
                .containsExactly("DELETE /things/{id} (dropThing) answering 204 documents no body, but one came (application/json)");
        assertThat(api.problems(Exchange.of("GET", "/things/7", 200, "application/json", "{oops")))
                .singleElement().asString().startsWith("GET /things/{id} (getThing) answering 200: the body is not JSON");
    }

    @Test
    void aBodyThatBreaksItsSchemaIsNamedWithThePlaceAndTheSchema() {
        String drifted = "{\"when\": \"yesterday\", \"colour\": \"red\"}";
        assertThat(api.problems(Exchange.of("GET", "/things/7", 200, "application/json", drifted))).containsExactlyInAnyOrder(
                "GET /things/{id} (getThing) answering 200: the body does not match #/components/schemas/Thing/required:"
                        + " required property 'name' not found",
                "GET /things/{id} (getThing) answering 200: the body at /when does not match"
                        + " #/components/schemas/Thing/properties/when/format: does not match the date-time pattern must be a valid RFC 3339 date-time",
                "GET /things/{id} (getThing) answering 200: the body does not match #/components/schemas/Thing/additionalProperties:"
                        + " property 'colour' is not defined in the schema and the schema does not allow additional properties");
        assertThat(api.problems(Exchange.of("GET", "/things/7", 404, "application/problem+json", "{}")))
                .as("a problem's schema comes from components/responses").singleElement().asString()
                .contains("#/components/responses/Problem/content/application~1problem+json/schema/required");
    }

    @Test
    void requiredHeadersAreCheckedWhenTheExchangeCarriesItsHeaders() {
        Exchange made = Exchange.of("POST", "/things", 201, "application/json", THING);
        assertThat(api.problems(made)).as("headers not given: not checked").isEmpty();
        assertThat(api.problems(made.withHeaders(Map.of("location", "/things/8")))).as("any case").isEmpty();
        assertThat(api.problems(made.withHeaders(Map.of()))).containsExactly("POST /things (makeThing) answering 201 lacks the required header Location");
    }

    @Test
    void parametersAreDeclaredAndASuccessMeansTheirValuesFit() {
        assertThat(api.problems(Exchange.of("GET", "/things?sort=name", 200, "application/json", "[]")))
                .containsExactly("query parameter 'sort' is not a parameter of GET /things (listThings)");
        assertThat(api.problems(Exchange.of("GET", "/things?size=1000", 200, "application/json", "[]"))).singleElement().asString()
                .startsWith("query parameter 'size' = [1000] does not match #/paths/~1things/get/parameters/0/schema/maximum");
        assertThat(api.problems(Exchange.of("GET", "/things?size=1000", 400, "application/problem+json", "{\"status\": 400}")))
                .as("a refusal of a bad value is what the description asks for").isEmpty();
        assertThat(api.problems(Exchange.of("GET", "/things/seven", 200, "application/json", THING))).singleElement().asString()
                .contains("path parameter 'id' = [seven]", "integer expected");
    }

    @Test
    void checkFailsWithEveryMismatchInItsMessage() {
        assertThatThrownBy(() -> api.check("GET", "/things/7", 500, "text/html", "boom")).isInstanceOf(AssertionError.class)
                .hasMessage("1 mismatch with the OpenAPI description in GET /things/7 -> 500 text/html:\n"
                        + "  - GET /things/{id} (getThing) answered 500, which it does not document (it documents 200, 404)");
    }

    @Test
    void namedSchemasValidateValuesOutsideResponses() {
        assertThat(api.schemaProblems("Thing", THING)).isEmpty();
        assertThat(api.schemaProblems("Thing", "{\"name\": 1, \"when\": \"2026-01-31T09:30:00Z\"}")).singleElement().asString()
                .contains("at /name", "string expected");
        assertThatThrownBy(() -> api.schemaProblems("Nothing", "{}")).hasMessageContaining("no schema 'Nothing'");
    }

    @Test
    void theDescriptionItselfIsChecked() {
        assertThat(api.descriptionProblems()).isEmpty();
        OpenApiContract broken = OpenApiContract.parse(DESCRIPTION.replace("\"dropThing\"", "\"getThing\"")
                .replace("\"400\": {\"$ref\": \"#/components/responses/Problem\"}", "\"400\": {\"$ref\": \"#/components/responses/Gone\"}"));
        assertThat(broken.descriptionProblems()).contains("GET /things/{id} (getThing) needs an operationId of its own",
                "DELETE /things/{id} (getThing) needs an operationId of its own", "GET /things (listThings): response 400 refers to nothing");
        assertThatThrownBy(() -> OpenApiContract.parse("{\"openapi\": \"3.0.3\"}")).hasMessageContaining("not an OpenAPI 3.1 description");
    }
}
