/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// libFuzzer harness: the AT engine with a whole module behind it (every command set of its
// dialect, the file system, sockets, DNS), on the console's network (a TCP echo server on port
// 7 and a DNS server with echo.example at 10.0.0.1).
//
// Input: a first line "<profile>\n" names the module profile (ModuleProfile::GetNames(), so
// both dialects and every model); without one, byte 0 picks it by index. The rest is typed on the
// UART at the baud rate, back to back, except two markers: 0xFE <n> waits n x 100 ms (so data-input
// timeouts and silences happen), 0xFD types a guarded "+++" (1.5 s of silence either side, to leave
// transparent mode). Inputs that would cut the host off (test/at-fuzz-filter.h) are rejected.
//
// After the input (and any command still running, up to 70000 s: longer is a finding), the host
// recovers the module as a driver does: 120 s of silence, a guarded
// "+++", ESC, CR, "ATE1V1Q0". The module must then answer "AT" with OK in command mode; if not,
// the harness aborts, which libFuzzer reports as a finding. Crashes, hangs (libFuzzer -timeout),
// leaks (LSan) and UBSan reports are findings too.
//
// Every execution builds a fresh simulation from the same seed, so an input replays exactly:
//   build-sanitize/bin/lpwa-at-module-fuzzer <crash-file>
// (LPWA_FUZZ_TRACE=1 prints everything the module sent before the final check).

#include "../at-fuzz-filter.h"

#include "ns3/at-console.h"
#include "ns3/at-engine.h"
#include "ns3/console-scenario.h"
#include "ns3/ipv4-address-generator.h"
#include "ns3/module-profile.h"
#include "ns3/simulator.h"
#include "ns3/uart-channel.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

using namespace ns3;
using namespace ns3::lpwa;

namespace
{

uint64_t g_executions = 0; //!< inputs run to the end (not rejected)
uint64_t g_lines = 0;      //!< command-line terminators (CR) typed, over all executions

/// Print the counters when libFuzzer exits (make fuzz reads this line).
void
PrintCounters()
{
    std::fprintf(stderr,
                 "lpwa-fuzz: at-module: %llu executions, %llu command lines typed\n",
                 static_cast<unsigned long long>(g_executions),
                 static_cast<unsigned long long>(g_lines));
}

/// One typed segment: bytes, or a pause, or a guarded escape.
struct Step
{
    enum Kind
    {
        TYPE,
        PAUSE,
        ESCAPE
    } kind;

    std::string bytes; //!< TYPE: the bytes
    Time pause;        //!< PAUSE: how long
};

/// Split an input (after its first byte) into steps.
std::vector<Step>
ParseSteps(const uint8_t* data, size_t size)
{
    std::vector<Step> steps;
    std::string current;
    auto flush = [&]()
    {
        if (!current.empty())
        {
            steps.push_back({Step::TYPE, current, Time()});
            current.clear();
        }
    };
    for (size_t i = 0; i < size; ++i)
    {
        if (data[i] == 0xFE && i + 1 < size)
        {
            flush();
            steps.push_back({Step::PAUSE, "", MilliSeconds(100) * int64_t(data[++i] % 64)});
        }
        else if (data[i] == 0xFD)
        {
            flush();
            steps.push_back({Step::ESCAPE, "", Time()});
        }
        else
        {
            current.push_back(static_cast<char>(data[i]));
        }
    }
    flush();
    return steps;
}

} // namespace

extern "C" int
LLVMFuzzerInitialize(int*, char***)
{
    std::atexit(PrintCounters);
    return 0;
}

extern "C" int
LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    if (size < 1)
    {
        return -1;
    }
    static const std::vector<std::string> models = ModuleProfile::GetNames();
    std::string model = models[data[0] % models.size()];
    size_t start = 1;
    const std::string head(reinterpret_cast<const char*>(data), std::min<size_t>(size, 24));
    const size_t lf = head.find('\n');
    if (lf != std::string::npos && ModuleProfile::Find(head.substr(0, lf)) != nullptr)
    {
        model = head.substr(0, lf);
        start = lf + 1;
    }
    const std::vector<Step> steps = ParseSteps(data + start, size - start);
    std::string typed;
    for (const auto& step : steps)
    {
        typed += step.bytes;
    }
    if (test::IsForbiddenFuzzInput(typed))
    {
        return -1;
    }

    AtConsole::Options options;
    options.model = model;
    std::string error;
    ConsoleScenario scenario;
    if (!ConsoleScenario::CheckOptions(options, error) || !scenario.Build(options, error))
    {
        std::fprintf(stderr, "lpwa-fuzz: the scenario does not build: %s\n", error.c_str());
        std::abort();
    }
    Ptr<AtEngine> engine = scenario.GetModule()->GetAtEngine();
    Ptr<UartChannel> uart = engine->GetUart();
    std::string rx;
    uart->SetReceiveCallback(UartChannel::HOST,
                             Callback<void, uint8_t>(
                                 [&rx](uint8_t b)
                                 {
                                     rx.push_back(char(b));
                                 }));
    const Time byte = uart->GetByteTime();

    Time t = Seconds(3); // the module has registered at 2 s
    auto typeAt = [&](Time at, const std::string& text)
    {
        Simulator::Schedule(at,
                            [uart, text]()
                            {
                                uart->Send(UartChannel::HOST, text);
                            });
        return at + byte * static_cast<int64_t>(text.size());
    };
    for (const auto& step : steps)
    {
        switch (step.kind)
        {
            case Step::TYPE:
                t = typeAt(t, step.bytes);
                g_lines += std::count(step.bytes.begin(), step.bytes.end(), '\r');
                break;
            case Step::PAUSE:
                t += step.pause;
                break;
            case Step::ESCAPE:
                t = typeAt(t + Seconds(1.5), "+++") + Seconds(1.5);
                break;
        }
    }
    // Run the input out, then wait as a host does while a command is still running: the
    // manuals' maximum response times reach negotiatetime (300 s), connect timeouts and
    // close_timeout (up to 65535 s). A command still running after that never ends: a finding.
    Simulator::Stop(t);
    Simulator::Run();
    const Time cap = Simulator::Now() + Seconds(70000);
    while (engine->GetState() == AtEngine::EXECUTING && Simulator::Now() < cap)
    {
        Simulator::Stop(Seconds(60));
        Simulator::Run();
    }
    if (engine->GetState() == AtEngine::EXECUTING)
    {
        std::fprintf(stderr,
                     "lpwa-fuzz: %s: a command has been running for 70000 s: \"%s\"\n",
                     model.c_str(),
                     rx.substr(rx.size() > 2000 ? rx.size() - 2000 : 0).c_str());
        std::abort();
    }
    // Recovery, as QuectelFuzzTest does it (times from now); a module powered down by
    // AT+QPOWD is powered on first, as a host does with PWRKEY.
    scenario.GetModule()->PowerOn();
    Time r = Seconds(120);
    r = typeAt(r, "+++") + Seconds(1.5);
    r = typeAt(r, "\x1b") + Seconds(1);
    r = typeAt(r, "\r") + Seconds(1);
    r = typeAt(r, "ATE1V1Q0\r") + Seconds(1);
    Simulator::Stop(r);
    Simulator::Run();
    if (std::getenv("LPWA_FUZZ_TRACE"))
    {
        // Triage: everything the module sent, with the engine state at the end.
        std::fprintf(stderr,
                     "lpwa-fuzz: module output until %.3f s (state %s):\n%s\n",
                     Simulator::Now().GetSeconds(),
                     AtEngine::GetStateName(engine->GetState()).c_str(),
                     rx.c_str());
    }
    rx.clear();
    typeAt(Seconds(0), "AT\r");
    Simulator::Stop(Seconds(1));
    Simulator::Run();
    const bool recovered = rx.find("\r\nOK\r\n") != std::string::npos &&
                           engine->GetState() == AtEngine::COMMAND && engine->IsEchoEnabled();
    if (!recovered)
    {
        std::fprintf(stderr,
                     "lpwa-fuzz: %s does not answer AT with OK after recovery (state %s): "
                     "\"%s\"\n",
                     options.model.c_str(),
                     AtEngine::GetStateName(engine->GetState()).c_str(),
                     rx.c_str());
        std::abort();
    }
    ++g_executions;
    if (g_executions % 100 == 0)
    {
        PrintCounters(); // a run stopped early (SIGUSR1: no atexit) still reports its counts
    }
    scenario.Dispose();
    Simulator::Destroy();
    Ipv4AddressGenerator::Reset();
    return 0;
}
