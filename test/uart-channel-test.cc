/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "ns3/boolean.h"
#include "ns3/enum.h"
#include "ns3/simulator.h"
#include "ns3/uart-channel.h"
#include "ns3/uinteger.h"

#include <gtest/gtest.h>
#include <string>
#include <utility>
#include <vector>

using namespace ns3;
using namespace ns3::lpwa;

namespace
{

/// One delivered byte and the simulated time it arrived.
using Arrival = std::pair<Time, uint8_t>;

/// Appends (now, byte) to a log.
void
Record(std::vector<Arrival>* log, uint8_t byte)
{
    log->emplace_back(Simulator::Now(), byte);
}

/// Records a DTR level change and its time.
void
RecordDtr(std::vector<std::pair<Time, bool>>* log, bool high)
{
    log->emplace_back(Simulator::Now(), high);
}

/// Appends a byte to a trace log.
void
RecordTrace(std::vector<uint8_t>* log, uint8_t byte)
{
    log->push_back(byte);
}

class UartChannelTest : public ::testing::Test
{
  protected:
    void TearDown() override
    {
        Simulator::Destroy();
    }

    /// 115200 8N1: round(1e9 * 10 / 115200) = round(86805.555...) ns.
    static constexpr int64_t kByteNs115200 = 86806;
};

TEST_F(UartChannelTest, ByteTimeFromFraming)
{
    auto uart = CreateObject<UartChannel>();
    EXPECT_EQ(uart->GetFrameBits(), 10U);
    EXPECT_EQ(uart->GetByteTime(), NanoSeconds(kByteNs115200));
    EXPECT_EQ(uart->GetTransmitTime(0), Time(0));
    EXPECT_EQ(uart->GetTransmitTime(1000), NanoSeconds(1000 * kByteNs115200));

    uart->SetAttribute("BaudRate", UintegerValue(9600));
    uart->SetAttribute("Parity", EnumValue(UartChannel::EVEN));
    uart->SetAttribute("StopBits", UintegerValue(2));
    EXPECT_EQ(uart->GetFrameBits(), 12U); // 1 + 8 + 1 + 2
    EXPECT_EQ(uart->GetByteTime(), MicroSeconds(1250));

    uart->SetAttribute("DataBits", UintegerValue(7));
    uart->SetAttribute("Parity", EnumValue(UartChannel::ODD));
    uart->SetAttribute("StopBits", UintegerValue(1));
    uart->SetAttribute("BaudRate", UintegerValue(921600));
    EXPECT_EQ(uart->GetFrameBits(), 10U);               // 7O1
    EXPECT_EQ(uart->GetByteTime(), NanoSeconds(10851)); // 10850.69... rounds up

    uart->SetAttribute("Parity", EnumValue(UartChannel::NONE));
    uart->SetAttribute("DataBits", UintegerValue(5));
    uart->SetAttribute("BaudRate", UintegerValue(3));
    EXPECT_EQ(uart->GetFrameBits(), 7U);
    EXPECT_EQ(uart->GetByteTime(), NanoSeconds(2333333333)); // 2.333... s rounds down

    EnumValue parity;
    uart->GetAttribute("Parity", parity);
    EXPECT_EQ(parity.Get(), UartChannel::NONE);
}

TEST_F(UartChannelTest, DeliversAt115200Baud8N1)
{
    auto uart = CreateObject<UartChannel>();
    std::vector<Arrival> atModule;
    uart->SetReceiveCallback(UartChannel::MODULE, MakeBoundCallback(&Record, &atModule));
    Simulator::Schedule(Seconds(1),
                        [&]()
                        {
                            uart->Send(UartChannel::HOST, "AT\r");
                        });
    Simulator::Run();
    const Time bt = NanoSeconds(kByteNs115200);
    ASSERT_EQ(atModule.size(), 3U);
    EXPECT_EQ(atModule[0], Arrival(Seconds(1) + bt, 'A'));
    EXPECT_EQ(atModule[1], Arrival(Seconds(1) + 2 * bt, 'T'));
    EXPECT_EQ(atModule[2], Arrival(Seconds(1) + 3 * bt, '\r'));
    EXPECT_EQ(uart->GetBytesDelivered(UartChannel::HOST), 3U);
    EXPECT_EQ(uart->GetBytesDelivered(UartChannel::MODULE), 0U);
    EXPECT_EQ(uart->GetQueuedBytes(UartChannel::HOST), 0U);
}

TEST_F(UartChannelTest, DeliversAt9600Baud8E2)
{
    auto uart = CreateObject<UartChannel>();
    uart->SetAttribute("BaudRate", UintegerValue(9600));
    uart->SetAttribute("Parity", EnumValue(UartChannel::EVEN));
    uart->SetAttribute("StopBits", UintegerValue(2));
    std::vector<Arrival> atHost;
    uart->SetReceiveCallback(UartChannel::HOST, MakeBoundCallback(&Record, &atHost));
    const uint8_t data[] = {0x00, 0xff, 0x55, 0xaa};
    uart->Send(UartChannel::MODULE, data, sizeof(data));
    EXPECT_EQ(uart->GetQueuedBytes(UartChannel::MODULE), 4U);
    Simulator::Run();
    ASSERT_EQ(atHost.size(), 4U);
    for (size_t k = 0; k < 4; ++k)
    {
        EXPECT_EQ(atHost[k], Arrival(MicroSeconds(1250 * (k + 1)), data[k])) << k;
    }
    EXPECT_EQ(Simulator::Now(), MicroSeconds(5000));
}

TEST_F(UartChannelTest, KeepsOrderWithOneEventPerByte)
{
    auto uart = CreateObject<UartChannel>();
    std::vector<Arrival> atModule;
    uart->SetReceiveCallback(UartChannel::MODULE, MakeBoundCallback(&Record, &atModule));
    std::vector<uint8_t> data;
    for (int i = 0; i < 1000; ++i)
    {
        data.push_back(static_cast<uint8_t>(i * 7));
    }
    uart->Send(UartChannel::HOST, data.data(), data.size());
    uart->Send(UartChannel::HOST, nullptr, 0); // no-op
    Simulator::Run();
    ASSERT_EQ(atModule.size(), data.size());
    for (size_t k = 0; k < data.size(); ++k)
    {
        ASSERT_EQ(atModule[k], Arrival(NanoSeconds(kByteNs115200 * (k + 1)), data[k])) << k;
    }
    // One delivery event per byte, one pending at a time: nothing else was ever scheduled.
    EXPECT_EQ(Simulator::GetEventCount(), data.size());
}

TEST_F(UartChannelTest, SecondBurstQueuesBehindFirstOrStartsOnIdleLine)
{
    auto uart = CreateObject<UartChannel>();
    std::vector<Arrival> atModule;
    uart->SetReceiveCallback(UartChannel::MODULE, MakeBoundCallback(&Record, &atModule));
    const Time bt = NanoSeconds(kByteNs115200);
    Simulator::Schedule(Seconds(0),
                        [&]()
                        {
                            uart->Send(UartChannel::HOST, "abc");
                        });
    // While 'a' is on the wire: queued behind the first burst, no idle gap, no compression.
    Simulator::Schedule(NanoSeconds(100),
                        [&]()
                        {
                            uart->Send(UartChannel::HOST, "de");
                        });
    // Exactly when 'e' arrives: 'f' starts then.
    Simulator::Schedule(5 * bt,
                        [&]()
                        {
                            uart->Send(UartChannel::HOST, "f");
                        });
    // On an idle line: starts at the time of Send.
    Simulator::Schedule(MilliSeconds(1),
                        [&]()
                        {
                            uart->Send(UartChannel::HOST, "gh");
                        });
    size_t queuedMidway = 99;
    Simulator::Schedule(bt + NanoSeconds(1),
                        [&]()
                        {
                            queuedMidway = uart->GetQueuedBytes(UartChannel::HOST);
                        });
    Simulator::Run();
    const std::vector<Arrival> expected = {{bt, 'a'},
                                           {2 * bt, 'b'},
                                           {3 * bt, 'c'},
                                           {4 * bt, 'd'},
                                           {5 * bt, 'e'},
                                           {6 * bt, 'f'},
                                           {MilliSeconds(1) + bt, 'g'},
                                           {MilliSeconds(1) + 2 * bt, 'h'}};
    EXPECT_EQ(atModule, expected);
    EXPECT_EQ(queuedMidway, 4U); // b (on the wire), c, d, e
}

TEST_F(UartChannelTest, DirectionsAreIndependent)
{
    auto uart = CreateObject<UartChannel>();
    uart->SetAttribute("BaudRate", UintegerValue(9600)); // 8N1: 1041667 ns (1041666.67)
    const Time bt = NanoSeconds(1041667);
    ASSERT_EQ(uart->GetByteTime(), bt);
    std::vector<Arrival> atModule;
    std::vector<Arrival> atHost;
    uart->SetReceiveCallback(UartChannel::MODULE, MakeBoundCallback(&Record, &atModule));
    uart->SetReceiveCallback(UartChannel::HOST, MakeBoundCallback(&Record, &atHost));
    std::vector<uint8_t> toModuleTrace;
    std::vector<uint8_t> toHostTrace;
    uart->TraceConnectWithoutContext("HostToModule",
                                     MakeBoundCallback(&RecordTrace, &toModuleTrace));
    uart->TraceConnectWithoutContext("ModuleToHost", MakeBoundCallback(&RecordTrace, &toHostTrace));
    Simulator::Schedule(MilliSeconds(2),
                        [&]()
                        {
                            uart->Send(UartChannel::HOST, "ATI\r");
                        });
    Simulator::Schedule(MilliSeconds(3),
                        [&]()
                        {
                            uart->Send(UartChannel::MODULE, "OK");
                        });
    Simulator::Run();
    const std::vector<Arrival> expectedAtModule = {{MilliSeconds(2) + bt, 'A'},
                                                   {MilliSeconds(2) + 2 * bt, 'T'},
                                                   {MilliSeconds(2) + 3 * bt, 'I'},
                                                   {MilliSeconds(2) + 4 * bt, '\r'}};
    const std::vector<Arrival> expectedAtHost = {{MilliSeconds(3) + bt, 'O'},
                                                 {MilliSeconds(3) + 2 * bt, 'K'}};
    EXPECT_EQ(atModule, expectedAtModule);
    EXPECT_EQ(atHost, expectedAtHost);
    EXPECT_EQ(toModuleTrace, std::vector<uint8_t>({'A', 'T', 'I', '\r'}));
    EXPECT_EQ(toHostTrace, std::vector<uint8_t>({'O', 'K'}));
    EXPECT_EQ(uart->GetBytesDelivered(UartChannel::HOST), 4U);
    EXPECT_EQ(uart->GetBytesDelivered(UartChannel::MODULE), 2U);
}

TEST_F(UartChannelTest, ReceiveCallbackMaySendEcho)
{
    auto uart = CreateObject<UartChannel>();
    const Time bt = NanoSeconds(kByteNs115200);
    std::vector<Arrival> atHost;
    uart->SetReceiveCallback(UartChannel::HOST, MakeBoundCallback(&Record, &atHost));
    uart->SetReceiveCallback(UartChannel::MODULE,
                             Callback<void, uint8_t>(
                                 [&](uint8_t byte)
                                 {
                                     uart->Send(UartChannel::MODULE, &byte, 1); // ATE1 echo
                                 }));
    uart->Send(UartChannel::HOST, "AT");
    Simulator::Run();
    const std::vector<Arrival> expected = {{2 * bt, 'A'}, {3 * bt, 'T'}};
    EXPECT_EQ(atHost, expected);
}

TEST_F(UartChannelTest, FlowControlPausesAndResumes)
{
    auto uart = CreateObject<UartChannel>();
    uart->SetAttribute("FlowControl", BooleanValue(true));
    const Time bt = NanoSeconds(kByteNs115200);
    std::vector<Arrival> atModule;
    uart->SetReceiveCallback(UartChannel::MODULE, MakeBoundCallback(&Record, &atModule));
    uart->Send(UartChannel::HOST, "12345");
    // Midway through '2': '2' still completes, '3' waits.
    Simulator::Schedule(bt + bt / 2,
                        [&]()
                        {
                            uart->SetReadyToReceive(UartChannel::MODULE, false);
                        });
    size_t queuedWhilePaused = 99;
    bool readyWhilePaused = true;
    Simulator::Schedule(MicroSeconds(500),
                        [&]()
                        {
                            queuedWhilePaused = uart->GetQueuedBytes(UartChannel::HOST);
                            readyWhilePaused = uart->IsReadyToReceive(UartChannel::MODULE);
                        });
    Simulator::Schedule(MilliSeconds(1),
                        [&]()
                        {
                            uart->SetReadyToReceive(UartChannel::MODULE, true);
                        });
    Simulator::Run();
    const std::vector<Arrival> expected = {{bt, '1'},
                                           {2 * bt, '2'},
                                           {MilliSeconds(1) + bt, '3'},
                                           {MilliSeconds(1) + 2 * bt, '4'},
                                           {MilliSeconds(1) + 3 * bt, '5'}};
    EXPECT_EQ(atModule, expected);
    EXPECT_EQ(queuedWhilePaused, 3U);
    EXPECT_FALSE(readyWhilePaused);
    EXPECT_TRUE(uart->IsReadyToReceive(UartChannel::MODULE));
    EXPECT_TRUE(uart->IsReadyToReceive(UartChannel::HOST));
}

TEST_F(UartChannelTest, FlowControlHoldsBytesSentWhileNotReady)
{
    auto uart = CreateObject<UartChannel>();
    uart->SetAttribute("FlowControl", BooleanValue(true));
    const Time bt = NanoSeconds(kByteNs115200);
    std::vector<Arrival> atHost;
    uart->SetReceiveCallback(UartChannel::HOST, MakeBoundCallback(&Record, &atHost));
    uart->SetReadyToReceive(UartChannel::HOST, false);
    uart->Send(UartChannel::MODULE, "OK");
    Simulator::Schedule(MilliSeconds(7),
                        [&]()
                        {
                            uart->SetReadyToReceive(UartChannel::HOST, true);
                        });
    Simulator::Run();
    const std::vector<Arrival> expected = {{MilliSeconds(7) + bt, 'O'},
                                           {MilliSeconds(7) + 2 * bt, 'K'}};
    EXPECT_EQ(atHost, expected);
}

TEST_F(UartChannelTest, ReceiverDroppingRtsOnAByteStillGetsTheByteOnTheWire)
{
    auto uart = CreateObject<UartChannel>();
    uart->SetAttribute("FlowControl", BooleanValue(true));
    const Time bt = NanoSeconds(kByteNs115200);
    std::vector<Arrival> atModule;
    uart->SetReceiveCallback(UartChannel::MODULE,
                             Callback<void, uint8_t>(
                                 [&](uint8_t byte)
                                 {
                                     Record(&atModule, byte);
                                     if (byte == 'a')
                                     {
                                         uart->SetReadyToReceive(UartChannel::MODULE, false);
                                     }
                                 }));
    uart->Send(UartChannel::HOST, "abc");
    Simulator::Schedule(MilliSeconds(2),
                        [&]()
                        {
                            uart->SetReadyToReceive(UartChannel::MODULE, true);
                        });
    Simulator::Run();
    // 'b' started when 'a' arrived, before RTS dropped; 'c' waited for RTS.
    const std::vector<Arrival> expected = {{bt, 'a'}, {2 * bt, 'b'}, {MilliSeconds(2) + bt, 'c'}};
    EXPECT_EQ(atModule, expected);
}

TEST_F(UartChannelTest, ReadyToReceiveIgnoredWithoutFlowControl)
{
    auto uart = CreateObject<UartChannel>();
    const Time bt = NanoSeconds(kByteNs115200);
    std::vector<Arrival> atModule;
    uart->SetReceiveCallback(UartChannel::MODULE, MakeBoundCallback(&Record, &atModule));
    uart->SetReadyToReceive(UartChannel::MODULE, false);
    EXPECT_FALSE(uart->IsReadyToReceive(UartChannel::MODULE));
    uart->Send(UartChannel::HOST, "xy");
    Simulator::Run();
    const std::vector<Arrival> expected = {{bt, 'x'}, {2 * bt, 'y'}};
    EXPECT_EQ(atModule, expected);
}

TEST_F(UartChannelTest, DisablingFlowControlReleasesHeldBytes)
{
    auto uart = CreateObject<UartChannel>();
    uart->SetAttribute("FlowControl", BooleanValue(true));
    const Time bt = NanoSeconds(kByteNs115200);
    std::vector<Arrival> atModule;
    uart->SetReceiveCallback(UartChannel::MODULE, MakeBoundCallback(&Record, &atModule));
    uart->SetReadyToReceive(UartChannel::MODULE, false);
    uart->Send(UartChannel::HOST, "z");
    Simulator::Schedule(MilliSeconds(3),
                        [&]()
                        {
                            uart->SetAttribute("FlowControl", BooleanValue(false));
                        });
    Simulator::Run();
    const std::vector<Arrival> expected = {{MilliSeconds(3) + bt, 'z'}};
    EXPECT_EQ(atModule, expected);
}

TEST_F(UartChannelTest, DtrLevelChangesReachTheModuleImmediately)
{
    auto uart = CreateObject<UartChannel>();
    EXPECT_FALSE(uart->GetDtrLevel()); // starts LOW
    EXPECT_TRUE(uart->IsDtrAsserted());
    std::vector<std::pair<Time, bool>> callbackLog;
    std::vector<std::pair<Time, bool>> traceLog;
    uart->SetDtrCallback(MakeBoundCallback(&RecordDtr, &callbackLog));
    uart->TraceConnectWithoutContext("Dtr", MakeBoundCallback(&RecordDtr, &traceLog));
    Simulator::Schedule(MilliSeconds(5),
                        [&]()
                        {
                            uart->SetDtrLevel(true);
                        }); // LOW -> HIGH
    Simulator::Schedule(MilliSeconds(6),
                        [&]()
                        {
                            uart->SetDtrLevel(true);
                        }); // no change
    Simulator::Schedule(MilliSeconds(8),
                        [&]()
                        {
                            uart->SetDtrLevel(false);
                        }); // HIGH -> LOW
    bool highAt7 = false;
    bool assertedAt7 = true;
    Simulator::Schedule(MilliSeconds(7),
                        [&]()
                        {
                            highAt7 = uart->GetDtrLevel();
                            assertedAt7 = uart->IsDtrAsserted();
                        });
    Simulator::Run();
    const std::vector<std::pair<Time, bool>> expected = {{MilliSeconds(5), true},
                                                         {MilliSeconds(8), false}};
    EXPECT_EQ(callbackLog, expected);
    EXPECT_EQ(traceLog, expected);
    EXPECT_TRUE(highAt7);
    EXPECT_FALSE(assertedAt7);
}

TEST_F(UartChannelTest, RejectsInvalidAttributes)
{
    auto uart = CreateObject<UartChannel>();
    EXPECT_DEATH(uart->SetAttribute("BaudRate", UintegerValue(0)), "BaudRate: 0 must be > 0");
    EXPECT_DEATH(uart->SetAttribute("DataBits", UintegerValue(9)), "DataBits: 9 is not in 5..8");
    EXPECT_DEATH(uart->SetAttribute("DataBits", UintegerValue(4)), "DataBits: 4 is not in 5..8");
    EXPECT_DEATH(uart->SetAttribute("StopBits", UintegerValue(3)), "StopBits: 3 is not 1 or 2");
    EXPECT_DEATH(uart->SetAttribute("StopBits", UintegerValue(0)), "StopBits: 0 is not 1 or 2");
    EXPECT_DEATH(uart->Send(UartChannel::HOST, nullptr, 2), "data is null with len 2");
    // The channel is unchanged by the rejected settings (they died in child processes).
    EXPECT_EQ(uart->GetByteTime(), NanoSeconds(kByteNs115200));
}

} // namespace
