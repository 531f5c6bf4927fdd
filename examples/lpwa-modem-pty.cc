/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// lpwa-modem-pty: firmware in the loop. A modelled module whose UART is a pseudo-terminal, in
// real time: attach picocom, pyserial or a firmware build to the printed path and talk AT.
//
//   ./build/examples/lpwa-modem-pty --server=tls --link=/tmp/modem
//   picocom -b 115200 /tmp/modem
//
// Prints "pty: <slave path>" first, then a live transcript in the AT console's format. See
// README.md ("Firmware in the loop") and doc/lpwa-modem.rst.

#include "ns3/at-console-command-line.h"
#include "ns3/at-console.h"
#include "ns3/at-transcript.h"
#include "ns3/command-line.h"
#include "ns3/console-scenario.h"
#include "ns3/global-value.h"
#include "ns3/pty-uart-endpoint.h"
#include "ns3/realtime-lag-monitor.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <csignal>
#include <iomanip>
#include <iostream>

using namespace ns3;

namespace
{

/// Set by SIGINT / SIGTERM; polled in simulated time.
volatile std::sig_atomic_t g_stop = 0;

void
OnSignal(int)
{
    g_stop = 1;
}

/// Stop the simulation once a signal came.
void
CheckSignals()
{
    if (g_stop)
    {
        Simulator::Stop();
        return;
    }
    Simulator::Schedule(MilliSeconds(50), &CheckSignals);
}

/// The live transcript: lines go to standard output as they complete.
struct LiveTranscript
{
    lpwa::AtTranscript transcript; //!< the lines
    size_t printed{0};             //!< lines printed so far

    /// Print the lines not yet printed.
    void Print()
    {
        const auto& lines = transcript.GetLines();
        for (; printed < lines.size(); ++printed)
        {
            std::cout << lpwa::AtTranscript::Format(lines[printed]) << "\n";
        }
        std::cout.flush();
    }

    /// Record a host-to-module byte.
    void ToModule(uint8_t byte)
    {
        transcript.AddByte(lpwa::AtTranscript::HOST_TO_MODULE, byte);
        Print();
    }

    /// Record a module-to-host byte.
    void ToHost(uint8_t byte)
    {
        transcript.AddByte(lpwa::AtTranscript::MODULE_TO_HOST, byte);
        Print();
    }
};

/// Rate-limited warnings about dropped output.
struct DropReporter
{
    Time last;            //!< simulated time of the last warning
    bool warned{false};   //!< a warning was printed
    uint64_t total{0};    //!< dropped so far
    uint64_t reported{0}; //!< dropped at the last warning

    /// OutputDropped trace sink.
    void Dropped(uint8_t, uint64_t totalDropped)
    {
        total = totalDropped;
        if (!warned || Simulator::Now() - last >= Seconds(1))
        {
            std::cerr << "lpwa-modem-pty: warning: the program on the PTY does not read; "
                      << (total - reported) << " module bytes dropped (" << total << " in all)"
                      << std::endl;
            warned = true;
            last = Simulator::Now();
            reported = total;
        }
    }
};

/// Outage start or end.
void
SetLink(lpwa::ConsoleScenario* scenario, bool up)
{
    scenario->SetLinkUp(up);
    std::cerr << "lpwa-modem-pty: " << std::fixed << std::setprecision(3)
              << Simulator::Now().GetSeconds() << " s: network link "
              << (up ? "up again" : "down (outage)") << std::endl;
}

} // namespace

int
main(int argc, char* argv[])
{
    // Before anything touches the simulator: simulated time follows wall-clock time.
    GlobalValue::Bind("SimulatorImplementationType", StringValue("ns3::RealtimeSimulatorImpl"));

    lpwa::AtConsole::Options options;
    lpwa::AtConsoleCommandLine shared(options);
    std::string link;
    double duration = 0;
    double outageAt = -1;
    double outageFor = 0;
    uint32_t outputBuffer = 4096;
    bool quiet = false;

    CommandLine cmd(__FILE__);
    cmd.Usage("Firmware in the loop: a modelled LPWA module whose UART is a pseudo-terminal, "
              "in real time. Prints 'pty: <path>', then a live transcript. Stop with Ctrl-C "
              "or --duration. Exit codes: 0 done, 1 the PTY could not be opened, 3 bad options.");
    cmd.AddValue("model", "Module profile (e.g. BG95-M3, BG77, ML307R)", options.model);
    shared.AddRadioOptions(cmd);
    cmd.AddValue("link", "Also create a symlink to the PTY here (replaces an old symlink)", link);
    cmd.AddValue("duration", "Stop after this many seconds (0: run until Ctrl-C)", duration);
    cmd.AddValue("outage-at",
                 "Outage start, s: with --rat the cell goes down (devices lose service); "
                 "without it both ends of the point-to-point link drop every packet",
                 outageAt);
    cmd.AddValue("outage-for", "Length of that outage, s (> 0)", outageFor);
    cmd.AddValue("output-buffer",
                 "Module bytes held for a program that does not read, beyond the kernel's PTY "
                 "buffer (PtyUartEndpoint::OutputBufferSize)",
                 outputBuffer);
    cmd.AddValue("quiet", "Do not print the transcript", quiet);
    shared.AddOptions(cmd,
                      "UART baud rate (8N1): the serialization timing of every byte",
                      "Write the test PKI (CA, server and client certificates and keys, PEM) here "
                      "before starting, for the program to upload");
    cmd.Parse(argc, argv);

    std::string error;
    if (!shared.CheckRanges("--duration", duration, error))
    {
        std::cerr << error << std::endl;
        return lpwa::AtConsole::BAD_INPUT;
    }
    if (outageAt >= 0 && !(outageFor > 0))
    {
        std::cerr << "--outage-for: " << outageFor << " must be > 0 with --outage-at" << std::endl;
        return lpwa::AtConsole::BAD_INPUT;
    }
    if (outageFor != 0 && !(outageAt >= 0))
    {
        std::cerr << "--outage-for needs --outage-at (>= 0)" << std::endl;
        return lpwa::AtConsole::BAD_INPUT;
    }
    if (outputBuffer == 0)
    {
        std::cerr << "--output-buffer: 0 must be >= 1" << std::endl;
        return lpwa::AtConsole::BAD_INPUT;
    }
    if (!shared.Apply(error))
    {
        std::cerr << error << std::endl;
        return lpwa::AtConsole::BAD_INPUT;
    }
    lpwa::ConsoleScenario scenario;
    if (!lpwa::ConsoleScenario::CheckOptions(options, error) ||
        (!options.pkiDir.empty() && !scenario.WritePki(options, error)) ||
        !scenario.Build(options, error))
    {
        std::cerr << error << std::endl;
        return lpwa::AtConsole::BAD_INPUT;
    }
    Ptr<lpwa::UartChannel> uart = scenario.GetModule()->GetAtEngine()->GetUart();

    Ptr<lpwa::PtyUartEndpoint> pty = CreateObject<lpwa::PtyUartEndpoint>();
    pty->SetAttribute("LinkPath", StringValue(link));
    pty->SetAttribute("OutputBufferSize", UintegerValue(outputBuffer));
    pty->SetUart(uart, scenario.GetNodes().Get(0)->GetId());
    if (!pty->Open(error))
    {
        std::cerr << "lpwa-modem-pty: cannot open a PTY: " << error << std::endl;
        return link.empty() ? 1 : lpwa::AtConsole::BAD_INPUT;
    }
    std::cout << "pty: " << pty->GetSlavePath() << "\n";
    if (!link.empty())
    {
        std::cout << "link: " << link << " -> " << pty->GetSlavePath() << "\n";
    }
    std::cout << "model: " << options.model
              << ", rat: " << (options.rat.empty() ? "-" : options.rat)
              << ", ce: " << (options.ce.empty() ? "-" : options.ce)
              << ", server: " << options.server << ", baud: " << options.baud << std::endl;

    LiveTranscript live;
    if (!quiet)
    {
        uart->TraceConnectWithoutContext("HostToModule",
                                         MakeCallback(&LiveTranscript::ToModule, &live));
        uart->TraceConnectWithoutContext("ModuleToHost",
                                         MakeCallback(&LiveTranscript::ToHost, &live));
    }
    DropReporter drops;
    pty->TraceConnectWithoutContext("OutputDropped", MakeCallback(&DropReporter::Dropped, &drops));

    Ptr<lpwa::RealtimeLagMonitor> lag = CreateObject<lpwa::RealtimeLagMonitor>();
    lag->SetReportStream(&std::cerr);
    lag->Start();

    if (outageAt >= 0)
    {
        Simulator::Schedule(Seconds(outageAt), &SetLink, &scenario, false);
        Simulator::Schedule(Seconds(outageAt + outageFor), &SetLink, &scenario, true);
    }
    std::signal(SIGINT, &OnSignal);
    std::signal(SIGTERM, &OnSignal);
    std::signal(SIGHUP, &OnSignal);
    Simulator::Schedule(MilliSeconds(50), &CheckSignals);
    if (duration > 0)
    {
        Simulator::Stop(Seconds(duration));
    }
    Simulator::Run();

    if (!quiet)
    {
        live.transcript.Flush(lpwa::AtTranscript::HOST_TO_MODULE);
        live.transcript.Flush(lpwa::AtTranscript::MODULE_TO_HOST);
        live.Print();
    }
    std::cerr << std::fixed << std::setprecision(3) << "lpwa-modem-pty: ran "
              << Simulator::Now().GetSeconds() << " s; bytes to module " << pty->GetBytesToModule()
              << ", to pty " << pty->GetBytesToPty() << ", dropped " << pty->GetBytesDropped()
              << ", discarded (no program attached) " << pty->GetBytesDiscarded() << "; max lag "
              << std::setprecision(1) << lag->GetMaxLag().GetSeconds() * 1e3 << " ms, "
              << lag->GetLateProbes() << " of " << lag->GetProbes() << " probes late" << std::endl;
    pty->Dispose();
    lag->Dispose();
    scenario.Dispose();
    Simulator::Destroy();
    return 0;
}
