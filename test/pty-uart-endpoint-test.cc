/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// PtyUartEndpoint and RealtimeLagMonitor in-process. The test holds the PTY slave itself and
// never writes to it, so no byte crosses threads and the default (non-real-time) simulator
// may run these cases; the end-to-end cases with an external program and the real-time
// scheduler are the CTest tests pty.* (test/pty-session-test.py).

#include "ns3/global-value.h"
#include "ns3/pty-uart-endpoint.h"
#include "ns3/realtime-lag-monitor.h"
#include "ns3/realtime-simulator-impl.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/uart-channel.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sstream>
#include <string>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>
#include <utility>
#include <vector>

using namespace ns3;
using namespace ns3::lpwa;

namespace
{

/// Records state transitions.
void
RecordState(std::vector<std::pair<PtyUartEndpoint::State, PtyUartEndpoint::State>>* log,
            PtyUartEndpoint::State from,
            PtyUartEndpoint::State to)
{
    log->emplace_back(from, to);
}

/// Counts OutputDropped calls and keeps the last total.
void
RecordDrop(std::pair<uint64_t, uint64_t>* counts, uint8_t, uint64_t total)
{
    ++counts->first;
    counts->second = total;
}

/// Reads what is there without blocking.
uint64_t
ReadAll(int fd)
{
    uint64_t total = 0;
    uint8_t buffer[4096];
    ssize_t n;
    while ((n = read(fd, buffer, sizeof(buffer))) > 0)
    {
        total += static_cast<uint64_t>(n);
    }
    return total;
}

/// A UART and an open endpoint on it.
struct Bench
{
    Ptr<UartChannel> uart = CreateObject<UartChannel>();
    Ptr<PtyUartEndpoint> pty = CreateObject<PtyUartEndpoint>();

    Bench()
    {
        uart->SetAttribute("BaudRate", UintegerValue(4000000));
        pty->SetUart(uart, 0);
    }

    ~Bench()
    {
        pty->Dispose();
        uart->Dispose();
        Simulator::Destroy();
    }

    /// Run the simulation for a while.
    void RunFor(Time duration)
    {
        Simulator::Stop(duration);
        Simulator::Run();
    }
};

TEST(PtyUartEndpoint, TransitionTableIsConnected)
{
    const auto& table = PtyUartEndpoint::GetTransitionTable();
    EXPECT_TRUE(table.AllReachableAndReturnable(PtyUartEndpoint::CLOSED));
    EXPECT_FALSE(table.IsAllowed(PtyUartEndpoint::CLOSED, PtyUartEndpoint::ATTACHED));
    EXPECT_EQ(PtyUartEndpoint::GetStateName(PtyUartEndpoint::ATTACHED), "ATTACHED");
}

TEST(PtyUartEndpoint, LinkPathNeverReplacesAFile)
{
    Bench bench;
    const std::string file = "/tmp/lpwa-pty-endpoint-test-file-" + std::to_string(getpid());
    {
        const int fd = open(file.c_str(), O_CREAT | O_WRONLY, 0600);
        ASSERT_GE(fd, 0);
        close(fd);
    }
    bench.pty->SetAttribute("LinkPath", StringValue(file));
    std::string error;
    EXPECT_FALSE(bench.pty->Open(error));
    EXPECT_NE(error.find("LinkPath"), std::string::npos) << error;
    EXPECT_EQ(bench.pty->GetState(), PtyUartEndpoint::CLOSED);
    struct stat st;
    ASSERT_EQ(lstat(file.c_str(), &st), 0);
    EXPECT_TRUE(S_ISREG(st.st_mode));
    unlink(file.c_str());
}

TEST(PtyUartEndpoint, FollowsTheProgramAndDrivesDtr)
{
    Bench bench;
    const std::string link = "/tmp/lpwa-pty-endpoint-test-link-" + std::to_string(getpid());
    bench.pty->SetAttribute("LinkPath", StringValue(link));
    std::vector<std::pair<PtyUartEndpoint::State, PtyUartEndpoint::State>> states;
    bench.pty->TraceConnectWithoutContext("StateTransition",
                                          MakeBoundCallback(&RecordState, &states));
    std::string error;
    ASSERT_TRUE(bench.pty->Open(error)) << error;
    char target[256] = {};
    ASSERT_GT(readlink(link.c_str(), target, sizeof(target) - 1), 0);
    EXPECT_EQ(std::string(target), bench.pty->GetSlavePath());

    // Nobody holds the slave: output is discarded, DTR is off (MAIN_DTR HIGH).
    bench.uart->Send(UartChannel::MODULE, "RDY\r\n");
    bench.RunFor(MilliSeconds(30));
    EXPECT_EQ(bench.pty->GetState(), PtyUartEndpoint::DETACHED);
    EXPECT_EQ(bench.pty->GetBytesDiscarded(), 5u);
    EXPECT_FALSE(bench.uart->IsDtrAsserted());

    const int slave = open(bench.pty->GetSlavePath().c_str(), O_RDWR | O_NOCTTY | O_NONBLOCK);
    ASSERT_GE(slave, 0);
    bench.RunFor(MilliSeconds(30));
    EXPECT_EQ(bench.pty->GetState(), PtyUartEndpoint::ATTACHED);
    EXPECT_TRUE(bench.uart->IsDtrAsserted());
    bench.uart->Send(UartChannel::MODULE, "OK\r\n");
    // Real time: on a loaded machine the four bytes may take more than one 30 ms slice.
    std::string got;
    for (int slice = 0; slice < 30 && got.size() < 4; ++slice)
    {
        bench.RunFor(MilliSeconds(30));
        char buffer[16] = {};
        const ssize_t n = read(slave, buffer, sizeof(buffer));
        if (n > 0)
        {
            got.append(buffer, static_cast<size_t>(n));
        }
    }
    EXPECT_EQ(got, "OK\r\n");

    // B0 is the POSIX hang-up: DTR off while the program keeps the port open.
    struct termios t;
    ASSERT_EQ(tcgetattr(slave, &t), 0);
    cfsetospeed(&t, B0);
    ASSERT_EQ(tcsetattr(slave, TCSANOW, &t), 0);
    bench.RunFor(MilliSeconds(30));
    EXPECT_FALSE(bench.uart->IsDtrAsserted());
    cfsetospeed(&t, B115200);
    ASSERT_EQ(tcsetattr(slave, TCSANOW, &t), 0);
    bench.RunFor(MilliSeconds(30));
    EXPECT_TRUE(bench.uart->IsDtrAsserted());

    close(slave);
    bench.RunFor(MilliSeconds(30));
    EXPECT_EQ(bench.pty->GetState(), PtyUartEndpoint::DETACHED);
    EXPECT_FALSE(bench.uart->IsDtrAsserted());
    bench.pty->Close();
    struct stat st;
    EXPECT_NE(lstat(link.c_str(), &st), 0) << "the symlink stays after Close()";
    using S = PtyUartEndpoint;
    const std::vector<std::pair<S::State, S::State>> expected{{S::CLOSED, S::DETACHED},
                                                              {S::DETACHED, S::ATTACHED},
                                                              {S::ATTACHED, S::DETACHED},
                                                              {S::DETACHED, S::CLOSED}};
    EXPECT_EQ(states, expected);
}

TEST(PtyUartEndpoint, ProgramThatNeverReadsLosesOutputBeyondTheBound)
{
    Bench bench;
    bench.pty->SetAttribute("OutputBufferSize", UintegerValue(512));
    std::pair<uint64_t, uint64_t> drops{0, 0};
    bench.pty->TraceConnectWithoutContext("OutputDropped", MakeBoundCallback(&RecordDrop, &drops));
    std::string error;
    ASSERT_TRUE(bench.pty->Open(error)) << error;
    const int slave = open(bench.pty->GetSlavePath().c_str(), O_RDWR | O_NOCTTY | O_NONBLOCK);
    ASSERT_GE(slave, 0);
    bench.RunFor(MilliSeconds(20));
    ASSERT_EQ(bench.pty->GetState(), PtyUartEndpoint::ATTACHED);

    const uint32_t sent = 200000;
    bench.uart->Send(UartChannel::MODULE, std::string(sent, 'x'));
    bench.RunFor(Seconds(1)); // 0.5 s of UART time at 4 Mbaud
    EXPECT_GT(bench.pty->GetBytesDropped(), 0u);
    EXPECT_EQ(drops.first, bench.pty->GetBytesDropped());
    EXPECT_EQ(drops.second, bench.pty->GetBytesDropped());
    EXPECT_EQ(bench.pty->GetPendingBytes(), 512u);
    EXPECT_EQ(bench.pty->GetBytesToPty() + bench.pty->GetPendingBytes() +
                  bench.pty->GetBytesDropped(),
              sent);

    // Reading again: what was held reaches the program, nothing more is lost.
    uint64_t read = ReadAll(slave);
    bench.RunFor(MilliSeconds(30));
    read += ReadAll(slave);
    EXPECT_EQ(bench.pty->GetPendingBytes(), 0u);
    EXPECT_EQ(read, bench.pty->GetBytesToPty());
    EXPECT_EQ(read + bench.pty->GetBytesDropped(), sent);
    close(slave);
}

/// Keeps the simulator busy for the given wall-clock time (measured by the real-time
/// simulator itself), as a burst of real OpenSSL work would.
void
BusyFor(Time wall)
{
    auto impl = DynamicCast<RealtimeSimulatorImpl>(Simulator::GetImplementation());
    const Time until = impl->RealtimeNow() + wall;
    while (impl->RealtimeNow() < until)
    {
    }
}

/// Records lag reports.
void
RecordLag(std::vector<Time>* log, Time lag)
{
    log->push_back(lag);
}

TEST(RealtimeLagMonitor, ReportsFallingBehind)
{
    GlobalValue::Bind("SimulatorImplementationType", StringValue("ns3::RealtimeSimulatorImpl"));
    {
        Ptr<RealtimeLagMonitor> monitor = CreateObject<RealtimeLagMonitor>();
        std::vector<Time> lags;
        monitor->TraceConnectWithoutContext("Lag", MakeBoundCallback(&RecordLag, &lags));
        std::ostringstream report;
        monitor->SetReportStream(&report);
        monitor->Start();
        Simulator::Schedule(MilliSeconds(50), &BusyFor, MilliSeconds(80));
        Simulator::Stop(MilliSeconds(300));
        Simulator::Run();
        // The probe due at 60 ms ran at least 70 ms late; the simulation caught up later.
        ASSERT_FALSE(lags.empty());
        EXPECT_GE(monitor->GetMaxLag(), MilliSeconds(70));
        EXPECT_EQ(monitor->GetLateProbes(), lags.size());
        EXPECT_LT(monitor->GetLateProbes(), monitor->GetProbes());
        const std::string text = report.str();
        EXPECT_NE(text.find("behind real time"), std::string::npos) << text;
        // Rate-limited: one line for the whole burst (ReportInterval 1 s).
        EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 1) << text;
        monitor->Dispose();
    }
    Simulator::Destroy();
    GlobalValue::Bind("SimulatorImplementationType", StringValue("ns3::DefaultSimulatorImpl"));
}

} // namespace
