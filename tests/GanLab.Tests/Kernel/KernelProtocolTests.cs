namespace GanLab.Tests.Kernel;

/// <summary>
/// GanLab's kernel driven by jupyter_client, as VS Code, JupyterLab and Notebook drive it: every message of the
/// protocol, display updates by display_id, interrupts, bad messages, restart and shutdown. Each test is one scenario
/// of kernel_checks.py, which prints every check it made.
/// </summary>
public class KernelProtocolTests
{
    static readonly TimeSpan Limit = TimeSpan.FromMinutes(8);

    [Fact]
    public void Answers_every_request_a_front_end_sends_with_busy_and_idle_around_it() => KernelChecks.RunPython("kernel_checks.py", Limit, "protocol");

    [Fact]
    public void Completes_and_inspects_against_the_session_with_GanLabs_types_and_documentation() => KernelChecks.RunPython("kernel_checks.py", Limit, "assist");

    [Fact]
    public void Drops_messages_with_a_bad_signature_and_survives_malformed_ones() => KernelChecks.RunPython("kernel_checks.py", Limit, "signature");

    [Fact]
    public void An_interrupt_stops_GanTrainer_Fit_and_waits_within_two_seconds_and_the_model_keeps_its_state() => KernelChecks.RunPython("kernel_checks.py", Limit, "interrupt");

    [Fact]
    public void An_unstoppable_loop_says_to_restart_restart_gives_a_fresh_session_and_shutdown_ends_the_process() => KernelChecks.RunPython("kernel_checks.py", Limit, "restart");

    [Fact]
    public void Megabytes_of_output_arrive_whole_in_batches_while_the_kernel_stays_responsive() => KernelChecks.RunPython("kernel_checks.py", Limit, "streams");
}
