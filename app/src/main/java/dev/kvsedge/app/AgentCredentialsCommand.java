package dev.kvsedge.app;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kvsedge.model.Arns;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code kvs-edge agent-credentials}: mints, lists and revokes the key pairs edge agents sign with.
 * Each pair is bound to one hub device and reaches only that hub's configurations and secrets.
 */
@Command(name = "agent-credentials", mixinStandardHelpOptions = true,
        description = "Manage edge agent credentials (admin credentials from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, default test/test).",
        subcommands = {
                AgentCredentialsCommand.Create.class, AgentCredentialsCommand.ListCredentials.class,
                AgentCredentialsCommand.Revoke.class})
final class AgentCredentialsCommand implements Callable<Integer> {
    // Inherited: given before or after the subcommand, as the aws CLI takes --endpoint-url anywhere.
    @Option(names = {"--endpoint-url",
            "--server"}, defaultValue = "http://127.0.0.1:8670", scope = ScopeType.INHERIT,
            description = "Server URL (default: ${DEFAULT-VALUE}).")
    URI endpoint;

    @Option(names = "--region", scope = ScopeType.INHERIT,
            description = "Region (default: AWS_REGION, AWS_DEFAULT_REGION or us-east-1).")
    String region;

    @Mixin
    DebugOption debug;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "Missing subcommand: create, list or revoke");
    }

    AdminClient client() {
        Map<String, String> env = System.getenv();
        String resolvedRegion = region != null
                ? region
                : env.getOrDefault("AWS_REGION", env.getOrDefault("AWS_DEFAULT_REGION", "us-east-1"));
        return new AdminClient(endpoint, resolvedRegion, env.getOrDefault("AWS_ACCESS_KEY_ID", "test"),
                env.getOrDefault("AWS_SECRET_ACCESS_KEY", "test"));
    }

    static int run(AgentCredentialsCommand parent, String path, Object input,
            java.util.function.Consumer<JsonNode> print)
            throws Exception {
        print.accept(parent.client().call(path, input));
        return 0;
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Mint a key pair for one hub device; prints export lines for the agent's shell.")
    static final class Create implements Callable<Integer> {
        @ParentCommand
        AgentCredentialsCommand parent;

        @Option(names = "--hub-device-arn", required = true, description = "IoT thing ARN of the hub device.")
        String hubDeviceArn;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            if (!Arns.isHubDeviceArn(hubDeviceArn)) {
                throw new ParameterException(spec.commandLine(),
                        "Invalid value for option '--hub-device-arn': '" + hubDeviceArn
                                + "' is not an IoT thing ARN like arn:aws:iot:us-east-1:123456789012:thing/NAME");
            }
            return run(parent, "/admin/createAgentCredentials", Map.of("HubDeviceArn", hubDeviceArn), out -> {
                System.out.println("export AWS_ACCESS_KEY_ID=" + out.path("AccessKeyId").asText());
                System.out.println("export AWS_SECRET_ACCESS_KEY=" + out.path("SecretAccessKey").asText());
            });
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List agent key pairs (never their secrets).")
    static final class ListCredentials implements Callable<Integer> {
        @ParentCommand
        AgentCredentialsCommand parent;

        @Option(names = "--hub-device-arn", description = "Only this hub device's key pairs.")
        String hubDeviceArn;

        @Override
        public Integer call() throws Exception {
            Map<String, String> input = hubDeviceArn == null ? Map.of() : Map.of("HubDeviceArn", hubDeviceArn);
            return run(parent, "/admin/listAgentCredentials", input, out -> {
                JsonNode pairs = out.path("AgentCredentials");
                pairs.forEach(c -> System.out
                        .println(c.path("AccessKeyId").asText() + "\t" + c.path("HubDeviceArn").asText()));
                if (pairs.isEmpty()) { // on stderr: a script reading stdout gets no lines, as for no keys
                    System.err.println("kvs-edge agent-credentials: no agent credentials" + (hubDeviceArn == null
                            ? ""
                            : " for " + hubDeviceArn)
                            + " (mint a pair with: kvs-edge agent-credentials create --hub-device-arn ARN)");
                }
            });
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke an agent key pair.")
    static final class Revoke implements Callable<Integer> {
        @ParentCommand
        AgentCredentialsCommand parent;

        @Option(names = "--access-key-id", required = true)
        String accessKeyId;

        @Override
        public Integer call() throws Exception {
            return run(parent, "/admin/deleteAgentCredentials", Map.of("AccessKeyId", accessKeyId),
                    out -> System.out.println("revoked " + accessKeyId));
        }
    }
}
