package dev.swarm.cli;

import dev.swarm.node.config.Setting;
import dev.swarm.node.config.Settings;
import dev.swarm.node.error.ErrorCode;
import dev.swarm.node.error.SwarmException;
import dev.swarm.node.identity.SwarmHome;
import dev.swarm.node.messaging.PeerText;
import dev.swarm.node.protocol.ErrorBody;
import dev.swarm.node.state.Database;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.lang.reflect.Constructor;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * The {@code swarm} command. {@link #run} is the whole program for a given environment and streams
 * (tests call it directly); {@link #main} is the only place that exits the JVM.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        // logs (SLF4J writes to System.err as it is at each line) and stack traces may quote peers
        System.setErr(EscapingStream.wrap(System.err));
        System.exit(run(args, System.getenv(), System.in, System.out, System.err, System.console() != null));
    }

    public static int run(String[] args, Map<String, String> env, InputStream in, PrintStream out, PrintStream err,
                          boolean interactive) {
        boolean json = Arrays.asList(args).contains("--json");
        Map<String, String> effectiveEnv = withHomeFlag(args, env);
        List<Class<?>> subcommands = subcommandsFor(args);
        if (subcommands.size() == 1) {
            Database.warmUp(); // nearly every command opens the database after reading settings and arguments
        }
        try (CliContext context = new CliContext(effectiveEnv, in, out, err, SwarmHome.resolve(effectiveEnv),
                interactive)) {
            CommandLine commandLine = commandLine(subcommands, new Factory(context));
            commandLine.setDefaultValueProvider(new SettingsDefaults(context.settings()));
            commandLine.setOut(new PrintWriter(out, true));
            commandLine.setErr(new PrintWriter(err, true));
            commandLine.setParameterExceptionHandler((e, given) -> {
                fail(context.out(), context.err(), json, new SwarmException(ErrorCode.INVALID_ARGUMENT,
                        describe(e, given, context.settings()) + " (see: " + helpCommand(e.getCommandLine()) + ")"));
                return ErrorCode.INVALID_ARGUMENT.exitCode();
            });
            commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
                SwarmException failure = e instanceof SwarmException swarm ? swarm
                        : new SwarmException(ErrorCode.INTERNAL_ERROR, "unexpected error: " + e, null, e);
                if (failure.code() == ErrorCode.INTERNAL_ERROR) {
                    e.printStackTrace(context.err());
                }
                fail(context.out(), context.err(), json, failure);
                return failure.code().exitCode();
            });
            return commandLine.execute(args);
        } catch (SwarmException e) {
            fail(out, err, json, e);
            return e.code().exitCode();
        }
    }

    static void fail(PrintStream out, PrintStream err, boolean json, SwarmException e) {
        if (json) {
            out.println(Output.text(ErrorBody.of(e)));
            out.flush();
        } else {
            err.println("error: " + PeerText.escapeLine(e.getMessage()));
            err.flush();
        }
    }

    private static String helpCommand(CommandLine commandLine) {
        String name = commandLine.getCommandName();
        return "swarm".equals(name) ? "swarm --help" : "swarm " + name + " --help";
    }

    /**
     * The parse error in words. A bad value the user did not type came from a setting; say which
     * environment variable or config file gave it, not only the flag it stands for.
     */
    private static String describe(CommandLine.ParameterException e, String[] given, Settings settings) {
        if (e.getArgSpec() instanceof CommandLine.Model.OptionSpec option && !typed(option, given)) {
            var setting = Setting.byFlag(option.longestName());
            if (setting.isPresent()) {
                Settings.Resolved resolved = settings.resolve(setting.get());
                String from = switch (resolved.source()) {
                    case ENV -> "environment variable " + setting.get().env();
                    case FILE -> setting.get().key() + " in " + settings.file().path();
                    default -> null;
                };
                if (from != null) {
                    return "the value '" + resolved.value() + "' of " + from + " is not valid: " + e.getMessage();
                }
            }
        }
        return e.getMessage();
    }

    private static boolean typed(CommandLine.Model.OptionSpec option, String[] given) {
        for (String arg : given) {
            for (String name : option.names()) {
                if (arg.equals(name) || arg.startsWith(name + "=")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The command model: the root and {@code subcommands} (see {@link #subcommandsFor}). */
    static CommandLine commandLine(List<Class<?>> subcommands, CommandLine.IFactory factory) {
        CommandLine root = new CommandLine(new SwarmCommand(), factory);
        for (Class<?> subcommand : subcommands) {
            CommandLine command = new CommandLine(subcommand, factory);
            withHelpOptions(command);
            root.addSubcommand(command);
        }
        root.addSubcommand("help", new CommandLine.HelpCommand());
        return root;
    }

    /** {@code -h}/{@code --help} on every command and subcommand, as on the root. */
    private static void withHelpOptions(CommandLine command) {
        command.getCommandSpec().mixinStandardHelpOptions(true);
        command.getSubcommands().values().forEach(Main::withHelpOptions);
    }

    /**
     * The subcommands to build: only the one the command line names when it names one, else all of
     * them (for the root's help and for picocli's "did you mean" on an unknown command).
     */
    static List<Class<?>> subcommandsFor(String[] args) {
        String name = null;
        for (int i = 0; i < args.length && name == null; i++) {
            if (args[i].equals("--home")) {
                i++;
            } else if (!args[i].startsWith("-")) {
                name = args[i];
            }
        }
        for (Class<?> subcommand : SwarmCommand.SUBCOMMANDS) {
            // "help" is not among them: "swarm help send" is answered from the whole model, like the root's help
            if (subcommand.getAnnotation(CommandLine.Command.class).name().equals(name)) {
                return List.of(subcommand);
            }
        }
        return SwarmCommand.SUBCOMMANDS;
    }

    /** {@code --home DIR} anywhere on the line is the same as SWARM_HOME=DIR. */
    private static Map<String, String> withHomeFlag(String[] args, Map<String, String> env) {
        Map<String, String> copy = new HashMap<>(env);
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--home") && i + 1 < args.length) {
                copy.put(SwarmHome.ENV, args[i + 1]);
            } else if (args[i].startsWith("--home=")) {
                copy.put(SwarmHome.ENV, args[i].substring("--home=".length()));
            }
        }
        return copy;
    }

    /** Gives commands the invocation's context through their constructor. */
    private record Factory(CliContext context) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            try {
                Constructor<K> constructor = type.getDeclaredConstructor(CliContext.class);
                return constructor.newInstance(context);
            } catch (NoSuchMethodException e) {
                return CommandLine.defaultFactory().create(type);
            }
        }
    }
}
