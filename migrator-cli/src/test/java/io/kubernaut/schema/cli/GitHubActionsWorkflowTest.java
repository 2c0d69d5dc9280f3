package io.kubernaut.schema.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Model.CommandSpec;

/**
 * deploy/github-actions/schema.yml, the example a service repository copies: a workflow GitHub can
 * read, whose migrator commands and MIGRATOR_* variables are ones the CLI has.
 */
class GitHubActionsWorkflowTest {

    private static final Path WORKFLOW = MigratorImage.deployDirectory().resolve("github-actions/schema.yml");
    private static final String IMAGE = "\"$SCHEMA_MIGRATOR_IMAGE\"";

    @Test
    void workflowHasJobsOfStepsThatEachUseAnActionOrRunAScript() throws IOException {
        JsonNode workflow = new YAMLMapper().readTree(WORKFLOW.toFile());

        assertThat(workflow.has("on")).isTrue();
        assertThat(workflow.get("jobs")).isNotEmpty();
        workflow.get("jobs").forEach(job -> {
            assertThat(job.path("runs-on").asText()).isNotBlank();
            assertThat(job.get("steps")).isNotEmpty().allSatisfy(step ->
                    assertThat(step.has("uses") != step.has("run")).as("uses or run: %s", step).isTrue());
        });
        assertThat(commands(workflow)).extracting(args -> args.get(0)).contains("apply", "status", "verify", "compat");
    }

    @Test
    void everyMigratorCommandAndVariableOfTheWorkflowIsOneTheCliHas() throws IOException {
        JsonNode workflow = new YAMLMapper().readTree(WORKFLOW.toFile());
        Map<String, String> environment = new HashMap<>();
        collectEnvironment(workflow, environment);
        Set<String> known = variables();

        assertThat(environment.keySet().stream().filter(name -> name.startsWith(OptionDefaults.PREFIX)))
                .isNotEmpty().allSatisfy(name -> assertThat(known).as("an option's variable").contains(name));
        for (List<String> args : commands(workflow)) {
            assertThatCode(() -> MigratorCli.commandLine(environment).parseArgs(args.toArray(String[]::new)))
                    .as("migrator %s", args).doesNotThrowAnyException();
        }
    }

    /** The environment variable of every option of every command. */
    static Set<String> variables() {
        Set<String> variables = new TreeSet<>();
        collectVariables(MigratorCli.commandLine(Map.of()).getCommandSpec(), variables);
        return variables;
    }

    private static void collectVariables(CommandSpec command, Set<String> variables) {
        command.options().stream().filter(OptionDefaults::configurable)
                .forEach(option -> variables.add(OptionDefaults.variable(option)));
        command.subcommands().values().forEach(sub -> collectVariables(sub.getCommandSpec(), variables));
    }

    /** The migrator's arguments in every run script: what follows the image in a docker run command. */
    private static List<List<String>> commands(JsonNode workflow) {
        List<List<String>> commands = new ArrayList<>();
        workflow.get("jobs").forEach(job -> job.get("steps").forEach(step -> {
            String script = step.path("run").asText().replace("\\\n", " ");
            for (String line : script.split("\n")) {
                int image = line.indexOf(IMAGE);
                if (image >= 0) {
                    String args = line.substring(image + IMAGE.length()).replaceAll(">.*$", "").strip();
                    List<String> words = new ArrayList<>();
                    for (String word : args.split("\\s+")) {
                        words.add(word.replaceAll("^\"|\"$", "").replace("$FAMILY", "io.example:schema-x:1.0"));
                    }
                    commands.add(words);
                }
            }
        }));
        assertThat(commands).as("docker run … %s commands in %s", IMAGE, WORKFLOW).isNotEmpty();
        return commands;
    }

    /** Every env block's variables, and the -e NAME=VALUE of docker run commands. */
    private static void collectEnvironment(JsonNode node, Map<String, String> environment) {
        if (node.isObject()) {
            node.fields().forEachRemaining(field -> {
                if (field.getKey().equals("env") && field.getValue().isObject()) {
                    field.getValue().fields().forEachRemaining(v -> environment.put(v.getKey(), v.getValue().asText()));
                } else if (field.getKey().equals("run")) {
                    java.util.regex.Matcher inline = java.util.regex.Pattern.compile("-e (\\w+)=(\\S+)")
                            .matcher(field.getValue().asText());
                    while (inline.find()) {
                        environment.put(inline.group(1), inline.group(2));
                    }
                } else {
                    collectEnvironment(field.getValue(), environment);
                }
            });
        } else if (node.isArray()) {
            node.forEach(item -> collectEnvironment(item, environment));
        }
    }
}
