/**
 * The {@code trebuchet} command line: {@code serve} runs the server; every other command is a thin client of its API
 * ({@code release}, {@code deploy}, {@code undeploy}, {@code lock}, {@code unlock}, {@code locks}, {@code train},
 * {@code env}, {@code status}, {@code events}, {@code commit-status}, {@code export-status}, {@code rerender}, {@code
 * apply}, {@code diff}, {@code completion}; and, hidden, Kuberpult's client command names with their flags). Exit
 * codes: 0 success, 1 refused by the server (or unreachable), 2 usage error.
 *
 * <p>A client command extends {@link io.trebuchet.cli.ClientCommand}, which brings the client options ({@code --url},
 * {@code --token}, {@code --output}, {@code --retries}, {@code --timeout}, author; also accepted before the command),
 * the HTTP client {@link io.trebuchet.cli.TrebuchetClient} and the {@link io.trebuchet.cli.Output}, and turns failures
 * into exit codes in one place. It implements {@code run(client, output)}: check its input with the core value types
 * (a {@code TrebuchetException} is reported like a server refusal), call the API, print the answer as a table or
 * sentence, or as the API's JSON with {@code --output json}. Add it to {@link io.trebuchet.cli.Main}'s subcommands
 * with a description and examples in its footer; {@code HelpAndUsageTest} checks every command has them. A command
 * that can add advice to a refusal overrides {@code hints} (as {@code deploy} names {@code --lock-behavior}).
 */
package io.trebuchet.cli;
