package dev.kvsedge.it;

import com.sun.jdi.Bootstrap;
import com.sun.jdi.ReferenceType;
import com.sun.jdi.VirtualMachine;
import com.sun.jdi.connect.AttachingConnector;
import com.sun.jdi.connect.Connector;
import com.sun.jdi.event.BreakpointEvent;
import com.sun.jdi.event.ClassPrepareEvent;
import com.sun.jdi.event.Event;
import com.sun.jdi.event.EventSet;
import com.sun.jdi.request.BreakpointRequest;
import com.sun.jdi.request.ClassPrepareRequest;
import com.sun.jdi.request.EventRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kills a process with SIGKILL at an exact point of its code, without a test hook in it: the process runs with the JDK's
 * debugger agent, a breakpoint is set on the method, and when the method is entered for the n-th time, with the thread
 * stopped at its first line, the process is killed. What the method was about to do never happens.
 */
final class KillAtBreakpoint {
    /** The JVM option that lets this class attach: the debugger agent on a free port, the process not waiting for it. */
    static final String DEBUG_AGENT = "-agentlib:jdwp=transport=dt_socket,server=y,suspend=n,address=127.0.0.1:0";
    private static final Pattern LISTENING = Pattern.compile("Listening for transport dt_socket at address: ([0-9]+)");

    private KillAtBreakpoint() {}

    /**
     * Attaches to the process (started with {@link #DEBUG_AGENT}, its output in {@code log}), waits until
     * {@code className.methodName} is entered for the {@code hit}-th time, and kills the process there.
     */
    static void kill(AgentProcess agent, String className, String methodName, int hit, Duration timeout)
            throws Exception {
        VirtualMachine vm = attach(port(agent.log, timeout));
        ClassPrepareRequest prepare = vm.eventRequestManager().createClassPrepareRequest();
        prepare.addClassFilter(className);
        prepare.enable();
        for (ReferenceType loaded : vm.classesByName(className)) {
            breakAt(vm, loaded, methodName);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        int hits = 0;
        while (System.nanoTime() < deadline) {
            EventSet events = vm.eventQueue().remove(500);
            if (events == null) {
                continue;
            }
            for (Event event : events) {
                if (event instanceof ClassPrepareEvent prepared) {
                    breakAt(vm, prepared.referenceType(), methodName);
                } else if (event instanceof BreakpointEvent && ++hits == hit) {
                    agent.kill(); // the thread is still stopped on the method's first line
                    return;
                }
            }
            events.resume();
        }
        throw new AssertionError(
                className + "." + methodName + " was entered " + hits + " times within " + timeout + ", not " + hit);
    }

    private static void breakAt(VirtualMachine vm, ReferenceType type, String methodName) {
        BreakpointRequest request = vm.eventRequestManager()
                .createBreakpointRequest(type.methodsByName(methodName).getFirst()
                        .location());
        request.setSuspendPolicy(EventRequest.SUSPEND_EVENT_THREAD);
        request.enable();
    }

    private static VirtualMachine attach(String port) throws Exception {
        AttachingConnector socket = Bootstrap.virtualMachineManager().attachingConnectors().stream()
                .filter(c -> c.name().equals("com.sun.jdi.SocketAttach")).findFirst().orElseThrow();
        Map<String, Connector.Argument> arguments = socket.defaultArguments();
        arguments.get("hostname").setValue("127.0.0.1");
        arguments.get("port").setValue(port);
        return socket.attach(arguments);
    }

    /** The port the debugger agent printed it listens on. */
    private static String port(Path log, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(log)) {
                Matcher m = LISTENING.matcher(Files.readString(log));
                if (m.find()) {
                    return m.group(1);
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the process did not say where its debugger agent listens: " + List.of(log));
    }
}
