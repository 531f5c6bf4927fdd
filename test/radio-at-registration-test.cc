/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The registration and PDP commands over the radio access model (CellularRegistration with a
// RadioUeNetDevice), the console's radio options, and a module on a CSMA bus.

#include "lpwa-test-harness.h"

#include "ns3/at-console.h"
#include "ns3/boolean.h"
#include "ns3/cellular-registration.h"
#include "ns3/console-scenario.h"
#include "ns3/csma-helper.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-address-helper.h"
#include "ns3/lpwa-module-helper.h"
#include "ns3/radio-cell-net-device.h"
#include "ns3/radio-ue-net-device.h"
#include "ns3/tcp-echo-server.h"

#include <gtest/gtest.h>
#include <string>

using namespace ns3;
using namespace ns3::lpwa;
using namespace ns3::lpwa::test;

namespace
{

/// A console scenario (no TLS server) with a host on the module's UART.
struct RadioBench
{
    explicit RadioBench(const std::string& rat,
                        const std::string& model = "BG95-M3",
                        const std::string& ce = "")
    {
        options.model = model;
        options.rat = rat;
        options.ce = ce;
        std::string error;
        EXPECT_TRUE(ConsoleScenario::CheckOptions(options, error)) << error;
        EXPECT_TRUE(scenario.Build(options, error)) << error;
        host.Attach(scenario.GetModule()->GetAtEngine()->GetUart());
        host.Cmd("ATE0\r", MilliSeconds(100));
    }

    ~RadioBench()
    {
        scenario.Dispose();
        TwoNodeNetwork::Destroy();
    }

    /// The module node's radio device.
    Ptr<RadioUeNetDevice> Device() const
    {
        Ptr<Node> node = scenario.GetNodes().Get(0);
        for (uint32_t i = 0; i < node->GetNDevices(); ++i)
        {
            if (auto d = DynamicCast<RadioUeNetDevice>(node->GetDevice(i)))
            {
                return d;
            }
        }
        return nullptr;
    }

    /// Type a command and return the time from its CR to the first line containing `text`.
    Time Latency(const std::string& command, const std::string& text, Time wait)
    {
        host.m_rx.clear();
        host.m_times.clear();
        const Time start = Simulator::Now();
        host.Cmd(command + "\r", wait);
        const size_t at = host.m_rx.find(text);
        EXPECT_NE(at, std::string::npos) << command << " -> " << host.m_rx;
        return at == std::string::npos ? Seconds(-1) : host.m_times[at] - start;
    }

    AtConsole::Options options; //!< what was built
    ConsoleScenario scenario;   //!< module, cell, server
    HostRecorder host;          //!< the host
};

/// Count connections.
void
CountConnection(int* counter, Time)
{
    ++*counter;
}

} // namespace

TEST(RadioAtRegistration, CeregUrcFollowsTheDeviceAttachAndNitzSetsTheClock)
{
    RadioBench bench("ltem");
    Ptr<RadioUeNetDevice> device = bench.Device();
    ASSERT_TRUE(device);
    EXPECT_FALSE(device->IsRegistered()); // cell search takes longer than 100 ms
    EXPECT_NE(bench.host.Cmd("AT+CEREG?\r", MilliSeconds(100)).find("+CEREG: 0,2"),
              std::string::npos);
    bench.host.Cmd("AT+CEREG=2\r", MilliSeconds(100));
    bench.host.m_times.clear();
    const std::string urc = bench.host.Cmd("", Seconds(5));
    ASSERT_TRUE(device->IsRegistered());
    // One URC, when the attach completed, with the eMTC <AcT>.
    EXPECT_NE(urc.find("+CEREG: 1,\"0001\",\"01A2D001\",8"), std::string::npos) << urc;
    const Time urcAt = bench.host.m_times[bench.host.m_rx.find("+CEREG")];
    EXPECT_GE(urcAt, device->GetLastAttachDuration());
    EXPECT_LT(urcAt, device->GetLastAttachDuration() + MilliSeconds(200));
    EXPECT_NE(bench.host.Cmd("AT+CGATT?\r").find("+CGATT: 1"), std::string::npos);
    // NITZ: the network's 26/06/01 instead of the GPS-epoch default.
    EXPECT_NE(bench.host.Cmd("AT+CCLK?\r").find("+CCLK: \"26/06/01,"), std::string::npos);
}

TEST(RadioAtRegistration, CtzuZeroIgnoresNetworkTime)
{
    RadioBench bench("ltem");
    EXPECT_NE(bench.host.Cmd("AT+CTZU=0\r", MilliSeconds(100)).find("OK"), std::string::npos);
    bench.host.Cmd("", Seconds(5));
    ASSERT_TRUE(bench.Device()->IsRegistered());
    EXPECT_NE(bench.host.Cmd("AT+CCLK?\r").find("+CCLK: \"80/01/06,"), std::string::npos);
    EXPECT_NE(bench.host.Cmd("AT+CTZU?\r").find("+CTZU: 0"), std::string::npos);
}

TEST(RadioAtRegistration, CfunZeroDetachesTheDeviceAndCfunOneAttachesAgain)
{
    RadioBench bench("ltem");
    bench.host.Cmd("AT+CEREG=1\r", Seconds(5));
    ASSERT_TRUE(bench.Device()->IsRegistered());
    const std::string off = bench.host.Cmd("AT+CFUN=0\r", Seconds(1));
    EXPECT_EQ(bench.Device()->GetState(), RadioUeNetDevice::DETACHED);
    EXPECT_NE(off.find("+CEREG: 0"), std::string::npos) << off;
    EXPECT_NE(bench.host.Cmd("AT+CGATT?\r").find("+CGATT: 0"), std::string::npos);
    EXPECT_NE(bench.host.Cmd("AT+CGATT=1\r").find("+CME ERROR"), std::string::npos);
    const std::string on = bench.host.Cmd("AT+CFUN=1\r", Seconds(5));
    EXPECT_NE(on.find("+CEREG: 2"), std::string::npos) << on;
    EXPECT_NE(on.find("+CEREG: 1"), std::string::npos) << on;
    EXPECT_TRUE(bench.Device()->IsRegistered());
}

TEST(RadioAtRegistration, CgattOneAnswersWhenTheAttachCompletes)
{
    RadioBench bench("nbiot");
    bench.host.Cmd("", Seconds(10));
    ASSERT_TRUE(bench.Device()->IsRegistered());
    EXPECT_NE(bench.host.Cmd("AT+CGATT=0\r").find("OK"), std::string::npos);
    EXPECT_EQ(bench.Device()->GetState(), RadioUeNetDevice::DETACHED);
    const Time attach = bench.Latency("AT+CGATT=1", "OK", Seconds(30));
    EXPECT_TRUE(bench.Device()->IsRegistered());
    // The attach's cell search, random access and NAS exchange, not the 2 s stand-in.
    EXPECT_NEAR(attach.GetSeconds(), bench.Device()->GetLastAttachDuration().GetSeconds(), 0.05);
    EXPECT_GT(attach, Seconds(1)); // at least the cell search
}

TEST(RadioAtRegistration, PdpActivationIsAnEsmExchangeThatDependsOnTheCell)
{
    Time ltem;
    Time nbiotDeep;
    {
        RadioBench bench("ltem");
        bench.host.Cmd("", Seconds(5));
        ltem = bench.Latency("AT+QIACT=1", "OK", Seconds(10));
        EXPECT_NE(bench.host.Cmd("AT+QIACT?\r").find("+QIACT: 1,1,1,\"100.64.0.2\""),
                  std::string::npos);
    }
    {
        RadioBench bench("nbiot", "BG95-M3", "2");
        bench.host.Cmd("", Seconds(40));
        ASSERT_TRUE(bench.Device()->IsRegistered());
        // Released to idle after the inactivity timer: the activation connects first.
        bench.host.Cmd("", Seconds(20));
        ASSERT_EQ(bench.Device()->GetState(), RadioUeNetDevice::IDLE);
        int connections = 0;
        bench.Device()->TraceConnectWithoutContext(
            "ConnectionEstablished",
            MakeBoundCallback(&CountConnection, &connections));
        nbiotDeep = bench.Latency("AT+QIACT=1", "OK", Seconds(60));
        EXPECT_EQ(connections, 1);
    }
    {
        RadioBench bench("cat1", "ML307R");
        bench.host.Cmd("", Seconds(5));
        const Time cat1 =
            bench.Latency("AT+MIPCALL=1,1", "+MIPCALL: 1,1,\"100.64.0.2\"", Seconds(5));
        EXPECT_GT(cat1, Seconds(0));
        EXPECT_LT(cat1, Seconds(0.5));
    }
    EXPECT_GT(ltem, MilliSeconds(10));
    EXPECT_LT(ltem, Seconds(0.5)); // not the 1 s stand-in
    EXPECT_GT(nbiotDeep, ltem * 5);
}

TEST(RadioAtRegistration, ConsoleRadioOptionsAreCheckedAgainstTheProfile)
{
    AtConsole::Options o;
    std::string error;
    o.model = "BG95-M1";
    o.rat = "nbiot";
    EXPECT_FALSE(ConsoleScenario::CheckOptions(o, error));
    EXPECT_NE(error.find("--rat"), std::string::npos) << error;
    o.model = "MN316";
    EXPECT_TRUE(ConsoleScenario::CheckOptions(o, error)) << error;
    EXPECT_EQ(ConsoleScenario::GetTechnologyName(o), "Cat-NB2");
    o.rat = "cat1";
    EXPECT_FALSE(ConsoleScenario::CheckOptions(o, error));
    o.model = "ML307R";
    EXPECT_TRUE(ConsoleScenario::CheckOptions(o, error)) << error;
    o.ce = "1";
    EXPECT_FALSE(ConsoleScenario::CheckOptions(o, error)); // Cat.1 has one class
    EXPECT_NE(error.find("--ce"), std::string::npos) << error;
    o.model = "BG77";
    o.rat = "ltem";
    o.ce = "2";
    EXPECT_TRUE(ConsoleScenario::CheckOptions(o, error)) << error;
    o.mcl = "150";
    EXPECT_FALSE(ConsoleScenario::CheckOptions(o, error));
    EXPECT_NE(error.find("exclusive"), std::string::npos) << error;
    o.ce.clear();
    EXPECT_TRUE(ConsoleScenario::CheckOptions(o, error)) << error;
    o.mcl = "loud";
    EXPECT_FALSE(ConsoleScenario::CheckOptions(o, error));
    EXPECT_NE(error.find("--mcl"), std::string::npos) << error;
    o.rat.clear();
    o.mcl = "150";
    EXPECT_FALSE(ConsoleScenario::CheckOptions(o, error));
    EXPECT_NE(error.find("needs --rat"), std::string::npos) << error;
    // --network names a preset, and needs --rat.
    o.mcl.clear();
    o.network = "3gpp-evaluation";
    EXPECT_FALSE(ConsoleScenario::CheckOptions(o, error));
    EXPECT_NE(error.find("--network needs --rat"), std::string::npos) << error;
    o.rat = "ltem";
    EXPECT_TRUE(ConsoleScenario::CheckOptions(o, error)) << error;
    o.network = "vodafone";
    EXPECT_FALSE(ConsoleScenario::CheckOptions(o, error));
    EXPECT_NE(error.find("--network: \"vodafone\" is not a network preset (live-robinson2019, "
                         "3gpp-evaluation)"),
              std::string::npos)
        << error;
    // --mcu-speed names a bracket (with or without a radio).
    o.network.clear();
    o.mcuSpeed = "slow";
    EXPECT_TRUE(ConsoleScenario::CheckOptions(o, error)) << error;
    o.mcuSpeed = "Slow";
    EXPECT_FALSE(ConsoleScenario::CheckOptions(o, error));
    EXPECT_EQ(error, "--mcu-speed: \"Slow\" is not one of slow|nominal|fast");
    // --boot is 0 or 1.
    o.mcuSpeed = "nominal";
    o.boot = "1";
    EXPECT_TRUE(ConsoleScenario::CheckOptions(o, error)) << error;
    o.boot = "yes";
    EXPECT_FALSE(ConsoleScenario::CheckOptions(o, error));
    EXPECT_EQ(error, "--boot: \"yes\" is not 0 or 1");
}

TEST(RadioAtRegistration, BootOptionPowersTheModuleOnWithItsBootUrcs)
{
    AtConsole::Options options;
    options.rat = "ltem";
    options.boot = "1";
    std::string error;
    ASSERT_TRUE(ConsoleScenario::CheckOptions(options, error)) << error;
    ConsoleScenario scenario;
    ASSERT_TRUE(scenario.Build(options, error)) << error;
    HostRecorder host;
    host.Attach(scenario.GetModule()->GetAtEngine()->GetUart());
    EXPECT_EQ(host.Cmd("AT\r", Seconds(2)), ""); // off until RDY at 2.5 s
    EXPECT_EQ(host.Cmd("", Seconds(3.1)),
              "\r\nRDY\r\n\r\n+CFUN: 1\r\n\r\n+CPIN: READY\r\n\r\n+QUSIM: 1\r\n\r\n+QIND: SMS "
              "DONE\r\n\r\nAPP RDY\r\n");
    EXPECT_EQ(host.Cmd("AT\r", MilliSeconds(100)), "AT\r\r\nOK\r\n");
    host.Cmd("", Seconds(5));
    EXPECT_NE(host.Cmd("AT+CEREG?\r", MilliSeconds(100)).find("+CEREG: 0,1"), std::string::npos);
    scenario.Dispose();
    TwoNodeNetwork::Destroy();
}

TEST(RadioAtRegistration, ModuleWorksOverCsmaWithTheStandIns)
{
    NodeContainer nodes;
    nodes.Create(2);
    CsmaHelper csma;
    NetDeviceContainer devices = csma.Install(nodes);
    InternetStackHelper().Install(nodes);
    Ipv4AddressHelper addresses("10.1.0.0", "255.255.255.0");
    addresses.Assign(devices); // node 0: 10.1.0.1 (module), node 1: 10.1.0.2
    Ptr<TcpEchoServer> echo = CreateObject<TcpEchoServer>();
    nodes.Get(1)->AddApplication(echo);
    LpwaModuleHelper helper;
    Ptr<LpwaModule> module = helper.Install(nodes.Get(0));
    HostRecorder host;
    host.Attach(module->GetAtEngine()->GetUart());
    host.Cmd("ATE0\r", MilliSeconds(100));
    host.Cmd("", Seconds(3)); // RegistrationTime stand-in
    const std::string act = host.Cmd("AT+QIACT=1\r", Seconds(2));
    EXPECT_NE(act.find("OK"), std::string::npos) << act;
    const std::string open = host.Cmd("AT+QIOPEN=1,0,\"TCP\",\"10.1.0.2\",7,0,1\r", Seconds(2));
    EXPECT_NE(open.find("+QIOPEN: 0,0"), std::string::npos) << open;
    host.Cmd("AT+QISEND=0,4\r", MilliSeconds(200));
    const std::string sent = host.Cmd("ping", Seconds(2));
    EXPECT_NE(sent.find("SEND OK"), std::string::npos) << sent;
    EXPECT_NE(sent.find("+QIURC: \"recv\",0"), std::string::npos) << sent;
    module->Dispose();
    TwoNodeNetwork::Destroy();
}

TEST(RadioAtRegistration, CregCgregAndCeregReportTheAttachWithTheirOwnDetail)
{
    RadioBench bench("nbiot");
    Ptr<RadioUeNetDevice> device = bench.Device();
    ASSERT_TRUE(device);
    device->SetAttribute("PsmEnabled", BooleanValue(true)); // T3324 60 s, T3412 54 min
    EXPECT_EQ(bench.host.Cmd("AT+CREG?\r", MilliSeconds(100)), "\r\n+CREG: 0,2\r\n\r\nOK\r\n");
    EXPECT_EQ(bench.host.Cmd("AT+CREG=?\r", MilliSeconds(100)), "\r\n+CREG: (0-3)\r\n\r\nOK\r\n");
    EXPECT_EQ(bench.host.Cmd("AT+CGREG=?\r", MilliSeconds(100)), "\r\n+CGREG: (0-5)\r\n\r\nOK\r\n");
    EXPECT_EQ(bench.host.Cmd("AT+CEREG=?\r", MilliSeconds(100)), "\r\n+CEREG: (0-5)\r\n\r\nOK\r\n");
    for (const char* bad : {"AT+CREG=4\r",
                            "AT+CGREG=6\r",
                            "AT+CEREG=6\r",
                            "AT+CEREG=1,1\r",
                            "AT+CTZR=4\r",
                            "AT+CEREG\r"})
    {
        EXPECT_EQ(bench.host.Cmd(bad, MilliSeconds(100)), "\r\nERROR\r\n") << bad;
    }
    EXPECT_EQ(bench.host.Cmd("AT+CREG=2;+CGREG=1;+CEREG=4;+CTZR=2\r", MilliSeconds(100)),
              "\r\nOK\r\n");
    const std::string urcs = bench.host.Cmd("", Seconds(30));
    ASSERT_TRUE(device->IsRegistered());
    // Registered (the device was searching already, stat 2, so no URC before): each report
    // with its <n>'s detail, in the order CREG, CGREG, CEREG; then the time zone from NITZ. PSM
    // timers: 60 s = 1 min x 1 (GPRS Timer 2 unit 001), 54 min rounded up to 6 x 10 min (GPRS Timer
    // 3 unit 000).
    EXPECT_NE(urcs.find("\r\n+CREG: 1,\"0001\",\"01A2D001\",9\r\n\r\n+CGREG: 1\r\n\r\n+CEREG: "
                        "1,\"0001\",\"01A2D001\",9,,,\"00100001\",\"00000110\"\r\n\r\n+CTZE: "
                        "\"+00\",0,\"2026/06/01,00:00:"),
              std::string::npos)
        << urcs;
    EXPECT_EQ(bench.host.Cmd("AT+CGREG?\r", MilliSeconds(100)), "\r\n+CGREG: 1,1\r\n\r\nOK\r\n");
    EXPECT_EQ(bench.host.Cmd("AT+CTZR?\r", MilliSeconds(100)), "\r\n+CTZR: 2\r\n\r\nOK\r\n");
    // Without PSM, <n>=4 has no timers.
    device->SetAttribute("PsmEnabled", BooleanValue(false));
    EXPECT_EQ(bench.host.Cmd("AT+CEREG?\r", MilliSeconds(100)),
              "\r\n+CEREG: 4,1,\"0001\",\"01A2D001\",9\r\n\r\nOK\r\n");
}

TEST(RadioAtRegistration, CtzrOneAndThreeGiveCtzvAndCtzeu)
{
    for (const auto& [mode, expected] : std::vector<std::pair<std::string, std::string>>{
             {"1", "\r\n+CTZV: \"+00\"\r\n"},
             {"3", "\r\n+CTZEU: \"+00\",0,\"2026/06/01,"},
             {"0", ""}})
    {
        RadioBench bench("ltem");
        bench.host.Cmd("AT+CTZR=" + mode + "\r", MilliSeconds(100));
        const std::string urcs = bench.host.Cmd("", Seconds(5));
        ASSERT_TRUE(bench.Device()->IsRegistered());
        if (expected.empty())
        {
            EXPECT_EQ(urcs.find("+CTZ"), std::string::npos) << urcs;
        }
        else
        {
            EXPECT_NE(urcs.find(expected), std::string::npos) << mode << ": " << urcs;
        }
    }
}

TEST(RadioAtRegistration, GprsTimersEncodeAsTs24008Octets)
{
    // The coarsest unit that holds the time exactly, else rounded up in the finest unit that
    // holds it. GPRS Timer 2 (T3324): 2 s, 1 min, 6 min units.
    EXPECT_EQ(CellularRegistration::EncodeGprsTimer(Seconds(0), false), "00000000");
    EXPECT_EQ(CellularRegistration::EncodeGprsTimer(Seconds(10), false), "00000101");
    EXPECT_EQ(CellularRegistration::EncodeGprsTimer(Seconds(60), false), "00100001");
    EXPECT_EQ(CellularRegistration::EncodeGprsTimer(Seconds(61), false), "00011111");
    EXPECT_EQ(CellularRegistration::EncodeGprsTimer(Minutes(12), false), "01000010");
    EXPECT_EQ(CellularRegistration::EncodeGprsTimer(Hours(3), false), "01011110");
    // GPRS Timer 3 (T3412 extended): 2 s, 30 s, 1 min, 10 min, 1 h, 10 h, 320 h units.
    EXPECT_EQ(CellularRegistration::EncodeGprsTimer(Seconds(0), true), "11100000");
    EXPECT_EQ(CellularRegistration::EncodeGprsTimer(Seconds(30), true), "10000001");
    EXPECT_EQ(CellularRegistration::EncodeGprsTimer(Seconds(40), true), "01110100");
    EXPECT_EQ(CellularRegistration::EncodeGprsTimer(Minutes(40), true), "00000100");
    EXPECT_EQ(CellularRegistration::EncodeGprsTimer(Hours(1), true), "00100001");
    EXPECT_EQ(CellularRegistration::EncodeGprsTimer(Hours(24), true), "00111000");
    EXPECT_EQ(CellularRegistration::EncodeGprsTimer(Hours(320 * 3), true), "11000011");
}

TEST(RadioAtRegistration, ResetDetachesAndTheBootedModuleRegistersAgain)
{
    RadioBench bench("ltem");
    bench.host.Cmd("AT+CEREG=1\r", Seconds(5));
    ASSERT_TRUE(bench.Device()->IsRegistered());
    EXPECT_EQ(bench.host.Cmd("AT+CFUN=1,1\r", MilliSeconds(100)), "\r\nOK\r\n");
    EXPECT_EQ(bench.Device()->GetState(), RadioUeNetDevice::DETACHED);
    const std::string boot = bench.host.Cmd("", Seconds(10));
    EXPECT_NE(boot.find("\r\nAPP RDY\r\n"), std::string::npos) << boot;
    EXPECT_EQ(boot.find("+CEREG"), std::string::npos) << boot; // <n> is back at 0
    EXPECT_TRUE(bench.Device()->IsRegistered());
    EXPECT_EQ(bench.host.Cmd("AT+CEREG?\r"), "AT+CEREG?\r\r\n+CEREG: 0,1\r\n\r\nOK\r\n");
    // AT+CFUN=4,1: reset into flight mode, the radio stays off.
    EXPECT_NE(bench.host.Cmd("AT+CFUN=4,1\r", Seconds(10)).find("+CFUN: 4"), std::string::npos);
    EXPECT_EQ(bench.Device()->GetState(), RadioUeNetDevice::DETACHED);
    EXPECT_EQ(bench.host.Cmd("AT+CFUN?\r"), "AT+CFUN?\r\r\n+CFUN: 4\r\n\r\nOK\r\n");
}

TEST(RadioAtRegistration, QltsReportsTheNetworkTime)
{
    RadioBench bench("ltem");
    EXPECT_EQ(bench.host.Cmd("AT+QLTS=2\r", MilliSeconds(100)),
              "\r\n+QLTS: \"\"\r\n\r\nOK\r\n"); // no network time yet
    EXPECT_EQ(bench.host.Cmd("AT+QLTS=?\r", MilliSeconds(100)), "\r\n+QLTS: (0-2)\r\n\r\nOK\r\n");
    for (const char* bad : {"AT+QLTS=3\r", "AT+QLTS?\r", "AT+QLTS=1,1\r"})
    {
        EXPECT_NE(bench.host.Cmd(bad, MilliSeconds(100)).find("ERROR"), std::string::npos) << bad;
    }
    bench.host.Cmd("", Seconds(5));
    ASSERT_TRUE(bench.Device()->IsRegistered());
    const std::string sent = bench.host.Cmd("AT+QLTS\r", MilliSeconds(100));
    EXPECT_NE(sent.find("+QLTS: \"2026/06/01,00:00:0"), std::string::npos) << sent;
    EXPECT_NE(sent.find("+00,0\"\r\n"), std::string::npos) << sent;
    // An hour later: mode 0 still the time sent, modes 1 and 2 the time now.
    bench.host.Cmd("", Hours(1));
    EXPECT_EQ(bench.host.Cmd("AT+QLTS=0\r", MilliSeconds(100)), sent);
    EXPECT_NE(bench.host.Cmd("AT+QLTS=2\r", MilliSeconds(100)).find("+QLTS: \"2026/06/01,01:00:"),
              std::string::npos);
    EXPECT_NE(bench.host.Cmd("AT+QLTS=1\r", MilliSeconds(100)).find("+QLTS: \"2026/06/01,01:00:"),
              std::string::npos);
}

TEST(RadioAtRegistration, CpsmsAndCedrxsSetTheDevicePowerSaving)
{
    RadioBench bench("nbiot");
    Ptr<RadioUeNetDevice> device = bench.Device();
    ASSERT_TRUE(device);
    bench.host.Cmd("", Seconds(30));
    ASSERT_TRUE(device->IsRegistered());
    EXPECT_EQ(bench.host.Cmd("AT+CPSMS?\r"),
              "\r\n+CPSMS: 0,,,\"00000110\",\"00100001\"\r\n\r\nOK\r\n");
    // PSM with a 1 h TAU and a 10 s active time.
    EXPECT_EQ(bench.host.Cmd("AT+CPSMS=1,,,\"00100001\",\"00000101\"\r"), "\r\nOK\r\n");
    BooleanValue psm;
    TimeValue tau;
    TimeValue active;
    device->GetAttribute("PsmEnabled", psm);
    device->GetAttribute("T3412", tau);
    device->GetAttribute("T3324", active);
    EXPECT_TRUE(psm.Get());
    EXPECT_EQ(tau.Get(), Hours(1));
    EXPECT_EQ(active.Get(), Seconds(10));
    EXPECT_EQ(bench.host.Cmd("AT+CPSMS?\r"),
              "\r\n+CPSMS: 1,,,\"00100001\",\"00000101\"\r\n\r\nOK\r\n");
    // The network learns the request at the next attach (here after AT+CFUN=0/1); the
    // device then enters PSM 10 s after its release.
    EXPECT_EQ(bench.host.Cmd("AT+CFUN=0\r"), "\r\nOK\r\n");
    EXPECT_EQ(bench.host.Cmd("AT+CFUN=1\r", Seconds(60)), "\r\nOK\r\n");
    EXPECT_EQ(device->GetState(), RadioUeNetDevice::PSM);
    EXPECT_EQ(bench.host.Cmd("AT+CPSMS=0\r"), "\r\nOK\r\n");
    device->GetAttribute("PsmEnabled", psm);
    EXPECT_FALSE(psm.Get());
    for (const char* bad : {"AT+CPSMS=3\r",
                            "AT+CPSMS=1,,,\"0010001\",\"00000101\"\r",
                            "AT+CPSMS=1,,,\"00100001\",\"01100101\"\r",
                            "AT+CPSMS=1,,,5\r",
                            "AT+CEDRXS=4\r",
                            "AT+CEDRXS=1,3,\"0010\"\r",
                            "AT+CEDRXS=1,5,\"012\"\r",
                            "AT+CEDRXS\r",
                            "AT+CEDRXS=1\r",
                            "AT+QSCLK=2\r"})
    {
        EXPECT_EQ(bench.host.Cmd(bad), "\r\nERROR\r\n") << bad;
    }
    // eDRX 81.92 s on NB-S1, with the URC of mode 2 (PTW 2.56 s: value 0).
    EXPECT_EQ(bench.host.Cmd("AT+CEDRXS=2,5,\"0101\"\r"),
              "\r\nOK\r\n\r\n+CEDRXP: 5,\"0101\",\"0101\",\"0000\"\r\n");
    TimeValue cycle;
    device->GetAttribute("EdrxCycle", cycle);
    EXPECT_EQ(cycle.Get(), MilliSeconds(81920));
    EXPECT_EQ(bench.host.Cmd("AT+CEDRXS?\r"), "\r\n+CEDRXS: 5,\"0101\"\r\n\r\nOK\r\n");
    // A code NB-S1 does not have means 20.48 s; another RAT's setting changes nothing here.
    EXPECT_EQ(bench.host.Cmd("AT+CEDRXS=1,5,\"0000\"\r"), "\r\nOK\r\n");
    device->GetAttribute("EdrxCycle", cycle);
    EXPECT_EQ(cycle.Get(), MilliSeconds(20480));
    EXPECT_EQ(bench.host.Cmd("AT+CEDRXS=1,4,\"0000\"\r"), "\r\nOK\r\n");
    device->GetAttribute("EdrxCycle", cycle);
    EXPECT_EQ(cycle.Get(), Seconds(0));
    EXPECT_EQ(bench.host.Cmd("AT+CEDRXS=3\r"), "\r\nOK\r\n");
    EXPECT_EQ(bench.host.Cmd("AT+CEDRXS?\r"), "\r\nOK\r\n");
    EXPECT_EQ(bench.host.Cmd("AT+QSCLK=1\r"), "\r\nOK\r\n");
    EXPECT_EQ(bench.host.Cmd("AT+QSCLK?\r"), "\r\n+QSCLK: 1\r\n\r\nOK\r\n");
}

TEST(RadioAtRegistration, GprsTimersDecodeAsTheyEncode)
{
    for (const Time t : {Seconds(0), Seconds(10), Minutes(1), Minutes(12), Hours(3)})
    {
        Time back;
        ASSERT_TRUE(
            CellularRegistration::DecodeGprsTimer(CellularRegistration::EncodeGprsTimer(t, false),
                                                  false,
                                                  back));
        EXPECT_EQ(back, t);
    }
    for (const Time t : {Seconds(30), Seconds(40), Minutes(40), Hours(1), Hours(24), Hours(960)})
    {
        Time back;
        ASSERT_TRUE(
            CellularRegistration::DecodeGprsTimer(CellularRegistration::EncodeGprsTimer(t, true),
                                                  true,
                                                  back));
        EXPECT_EQ(back, t);
    }
    Time t;
    EXPECT_TRUE(CellularRegistration::DecodeGprsTimer("11100000", true, t));
    EXPECT_EQ(t, Seconds(0));                                                  // deactivated
    EXPECT_FALSE(CellularRegistration::DecodeGprsTimer("01100001", false, t)); // reserved unit
    EXPECT_FALSE(CellularRegistration::DecodeGprsTimer("0110000", true, t));
    EXPECT_FALSE(CellularRegistration::DecodeGprsTimer("0110000x", true, t));
}
