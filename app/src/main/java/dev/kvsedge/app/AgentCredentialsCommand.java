package dev.kvsedge.app;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code kvs-edge agent-credentials}: mints, lists and revokes the key pairs edge agents sign with.
 * Each pair is bound to one hub device and reaches only that hub's configurations and secrets.
 */
@Command(name = "agent-credentials", mixinStandardHelpOptions = true,
        description = "Manage edge agent credentials (admin credentials from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, default test/test).",
        subcommands = {AgentCredentialsCommand.Create.class, AgentCredentialsCommand.ListCredentials.class,
                AgentCredentialsCommand.Revoke.class})
final class AgentCredentialsCommand {
    @Option(names = "--endpoint-url", defaultValue = "http://127.0.0.1:8670", description = "Server URL (default: ${DEFAULT-VALUE}).")
    URI endpoint;

    @Option(names = "--region", description = "Region (default: AWS_REGION, AWS_DEFAULT_REGION or us-east-1).")
    String region;

    AdminClient client() {
        Map<String, String> env = System.getenv();
        String resolvedRegion = region != null ? region
                : env.getOrDefault("AWS_REGION", env.getOrDefault("AWS_DEFAULT_REGION", "us-east-1"));
        return new AdminClient(endpoint, resolvedRegion, env.getOrDefault("AWS_ACCESS_KEY_ID", "test"),
                env.getOrDefault("AWS_SECRET_ACCESS_KEY", "test"));
    }

    static int run(AgentCredentialsCommand parent, String path, Object input, java.util.function.Consumer<JsonNode> print)
            throws Exception {
        try {
            print.accept(parent.client().call(path, input));
            return 0;
        } catch (AdminClient.ApiError e) {
            System.err.println("kvs-edge: " + e.getMessage());
            return 1;
        } catch (java.net.ConnectException e) {
            System.err.println("kvs-edge: no server answers at " + parent.endpoint);
            return 1;
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Mint a key pair for one hub device; prints export lines for the agent's shell.")
    static final class Create implements Callable<Integer> {
        @ParentCommand
        AgentCredentialsCommand parent;

        @Option(names = "--hub-device-arn", required = true, description = "IoT thing ARN of the hub device.")
        String hubDeviceArn;

        @Override
        public Integer call() throws Exception {
            return run(parent, "/admin/createAgentCredentials", Map.of("HubDeviceArn", hubDeviceArn), out -> {
                System.out.println("export AWS_ACCESS_KEY_ID=" + out.path("AccessKeyId").asText());
                System.out.println("export AWS_SECRET_ACCESS_KEY=" + out.path("SecretAccessKey").asText());
            });
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List agent key pairs (never their secrets).")
    static final class ListCredentials implements Callable<Integer> {
        @ParentCommand
        AgentCredentialsCommand parent;

        @Option(names = "--hub-device-arn", description = "Only this hub device's key pairs.")
        String hubDeviceArn;

        @Override
        public Integer call() throws Exception {
            Map<String, String> input = hubDeviceArn == null ? Map.of() : Map.of("HubDeviceArn", hubDeviceArn);
            return run(parent, "/admin/listAgentCredentials", input, out -> out.path("AgentCredentials").forEach(c ->
                    System.out.println(c.path("AccessKeyId").asText() + "\t" + c.path("HubDeviceArn").asText())));
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
