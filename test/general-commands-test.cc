/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The SIM, identity, signal and operator commands (GeneralCommands, ModuleIdentity) on both
// dialects, with and without a radio device.

#include "lpwa-test-harness.h"

#include "ns3/at-console.h"
#include "ns3/config.h"
#include "ns3/console-scenario.h"
#include "ns3/general-commands.h"
#include "ns3/module-identity.h"
#include "ns3/radio-ue-net-device.h"
#include "ns3/string.h"

#include <gtest/gtest.h>
#include <regex>
#include <string>

using namespace ns3;
using namespace ns3::lpwa;
using namespace ns3::lpwa::test;

namespace
{

/// A console scenario with a host on the module's UART, echo off.
struct GeneralBench
{
    GeneralBench(const std::string& model, const std::string& rat, const std::string& mcl = "")
    {
        options.model = model;
        options.rat = rat;
        options.mcl = mcl;
        std::string error;
        EXPECT_TRUE(ConsoleScenario::CheckOptions(options, error)) << error;
        EXPECT_TRUE(scenario.Build(options, error)) << error;
        host.Attach(scenario.GetModule()->GetAtEngine()->GetUart());
        host.Cmd("ATE0\r", MilliSeconds(100));
    }

    ~GeneralBench()
    {
        scenario.Dispose();
        TwoNodeNetwork::Destroy();
    }

    /// Send a command and return what came back within `wait`.
    std::string Cmd(const std::string& text, Time wait = MilliSeconds(200))
    {
        return host.Cmd(text + "\r", wait);
    }

    AtConsole::Options options; //!< what was built
    ConsoleScenario scenario;   //!< module and network
    HostRecorder host;          //!< the host
};

/// The first match of a regex's group 1, or "".
std::string
Capture(const std::string& text, const std::string& pattern)
{
    std::smatch m;
    return std::regex_search(text, m, std::regex(pattern)) ? m[1].str() : "";
}

} // namespace

TEST(ModuleIdentityTest, LuhnDigitsAndDerivedIdentitiesAreValid)
{
    // ISO/IEC 7812 examples: 7992739871 -> 3; the 3GPP TS 23.003 Annex B IMEI 49015420323751
    // -> 8.
    EXPECT_EQ(ModuleIdentity::LuhnDigit("7992739871"), '3');
    EXPECT_EQ(ModuleIdentity::LuhnDigit("49015420323751"), '8');
    EXPECT_TRUE(ModuleIdentity::IsLuhnValid("490154203237518", 15, 15));
    EXPECT_FALSE(ModuleIdentity::IsLuhnValid("490154203237517", 15, 15));
    EXPECT_FALSE(ModuleIdentity::IsLuhnValid("49015420323751x", 15, 15));
    const std::string imei = ModuleIdentity::MakeImei("00100100", 42);
    EXPECT_EQ(imei.substr(0, 14), "00100100000042");
    EXPECT_TRUE(ModuleIdentity::IsLuhnValid(imei, 15, 15));
    EXPECT_EQ(ModuleIdentity::MakeImsi("001", "01", 42), "001010000000042");
    EXPECT_EQ(ModuleIdentity::MakeImsi("460", "004", 7), "460004000000007");
    const std::string iccid = ModuleIdentity::MakeIccid("001", "01", 42);
    EXPECT_EQ(iccid.size(), 20u);
    EXPECT_EQ(iccid.substr(0, 7), "8900101");
    EXPECT_TRUE(ModuleIdentity::IsLuhnValid(iccid, 19, 20));
}

TEST(GeneralCommandsTest, QuectelIdentitiesAreValidAndPerDevice)
{
    GeneralBench bench("BG95-M3", "");
    EXPECT_EQ(bench.Cmd("AT+CPIN?"), "\r\n+CPIN: READY\r\n\r\nOK\r\n");
    EXPECT_EQ(bench.Cmd("AT+CPIN=?"), "\r\nOK\r\n");
    EXPECT_EQ(bench.Cmd("AT+CMEE=0"), "\r\nOK\r\n");
    EXPECT_EQ(bench.Cmd("AT+CPIN=\"1234\""), "\r\nERROR\r\n");
    EXPECT_EQ(bench.Cmd("AT+CMEE=1"), "\r\nOK\r\n");
    EXPECT_EQ(bench.Cmd("AT+CPIN=\"1234\""), "\r\n+CME ERROR: 3\r\n");
    const std::string gsn = bench.Cmd("AT+GSN");
    const std::string imei = Capture(gsn, "^\r\n([0-9]{15})\r\n\r\nOK\r\n$");
    ASSERT_FALSE(imei.empty()) << gsn;
    EXPECT_TRUE(ModuleIdentity::IsLuhnValid(imei, 15, 15)) << imei;
    EXPECT_EQ(bench.Cmd("AT+CGSN"), gsn);
    EXPECT_EQ(bench.Cmd("AT+CGSN=0"), gsn);
    EXPECT_EQ(bench.Cmd("AT+CGSN=1"), "\r\n+CGSN: \"" + imei + "\"\r\n\r\nOK\r\n");
    EXPECT_EQ(bench.Cmd("AT+CGSN=2"), "\r\n+CGSN: \"" + imei.substr(0, 14) + "01\"\r\n\r\nOK\r\n");
    EXPECT_EQ(bench.Cmd("AT+CGSN=?"), "\r\n+CGSN: (0-3)\r\n\r\nOK\r\n");
    const std::string imsi = Capture(bench.Cmd("AT+CIMI"), "^\r\n(00101[0-9]{10})\r\n\r\nOK");
    EXPECT_FALSE(imsi.empty());
    const std::string iccid = Capture(bench.Cmd("AT+QCCID"), "^\r\n\\+QCCID: ([0-9]{20})\r\n");
    EXPECT_TRUE(ModuleIdentity::IsLuhnValid(iccid, 20, 20)) << iccid;
    EXPECT_EQ(bench.Cmd("AT+CCID"), "\r\n+CCID: " + iccid + "\r\n\r\nOK\r\n");
    EXPECT_NE(bench.Cmd("AT+ICCID").find("ERROR"), std::string::npos); // OneMO's form only
    // Bad forms.
    for (const char* bad : {"AT+CIMI?",
                            "AT+GSN=1",
                            "AT+CGSN=4",
                            "AT+CGSN?",
                            "AT+QCCID=1",
                            "AT+CPIN",
                            "AT+CPIN=1,2,3"})
    {
        EXPECT_NE(bench.Cmd(bad).find("ERROR"), std::string::npos) << bad;
    }
    // Another device has other identities; the same device the same ones in another run.
    Ptr<GeneralCommands> general = bench.scenario.GetModule()->GetCommandSet<GeneralCommands>();
    ASSERT_TRUE(general);
    EXPECT_EQ(general->GetImei(), imei);
    EXPECT_EQ(general->GetIccid(), iccid);
}

TEST(GeneralCommandsTest, OneMoAnswersIccidAndTheIdentityCommandsEspMl307Sends)
{
    GeneralBench bench("ML307R", "");
    // esp-ml307 reads the IMEI with AT+CGSN=1 and the ICCID with AT+ICCID.
    const std::string imei =
        Capture(bench.Cmd("AT+CGSN=1"), "^\r\n\\+CGSN: \"([0-9]{15})\"\r\n\r\nOK\r\n$");
    EXPECT_TRUE(ModuleIdentity::IsLuhnValid(imei, 15, 15)) << imei;
    const std::string iccid = Capture(bench.Cmd("AT+ICCID"), "^\r\n\\+ICCID: ([0-9]{20})\r\n");
    EXPECT_TRUE(ModuleIdentity::IsLuhnValid(iccid, 20, 20)) << iccid;
    EXPECT_EQ(bench.Cmd("AT+MCCID"), "\r\n+MCCID: " + iccid + "\r\n\r\nOK\r\n");
    EXPECT_NE(bench.Cmd("AT+QCCID").find("ERROR"), std::string::npos);
    EXPECT_NE(bench.Cmd("AT+QNWINFO").find("ERROR"), std::string::npos);
    EXPECT_EQ(bench.Cmd("AT+CPIN?"), "\r\n+CPIN: READY\r\n\r\nOK\r\n");
}

TEST(GeneralCommandsTest, SignalFollowsTheCouplingLossAndTheCoverageClass)
{
    // Link budget: NB-IoT 43 dBm over 12 subcarriers is 32.2 dBm per RE, so RSRP = 32.2 - MCL;
    // noise per RE -174 + 41.8 + 5 = -127.2 dBm.
    const GeneralCommands::Signal nb144 = GeneralCommands::ComputeSignal(144, true);
    EXPECT_NEAR(nb144.rsrp, -111.8, 0.05);
    EXPECT_NEAR(nb144.sinr, 15.4, 0.05);
    EXPECT_NEAR(nb144.rsrq, -10.9, 0.1); // full load: -10.8 dB less the noise share
    EXPECT_EQ(GeneralCommands::CsqIndex(nb144.rssi), 6u);
    EXPECT_EQ(GeneralCommands::CsqIndex(GeneralCommands::ComputeSignal(164, true).rssi), 0u);
    EXPECT_EQ(GeneralCommands::CsqIndex(-51), 31u);
    EXPECT_EQ(GeneralCommands::CsqIndex(-200), 0u);
    // LTE-M 46 dBm over 1200 subcarriers is 15.2 dBm per RE.
    EXPECT_NEAR(GeneralCommands::ComputeSignal(144, false).rsrp, -128.8, 0.05);

    std::vector<uint32_t> csq;
    for (const char* mcl : {"130", "144", "154"})
    {
        GeneralBench bench("BG95-M3", "nbiot", mcl);
        EXPECT_EQ(bench.Cmd("AT+CSQ"), "\r\n+CSQ: 99,99\r\n\r\nOK\r\n"); // searching
        EXPECT_EQ(bench.Cmd("AT+QCSQ"), "\r\n+QCSQ: \"NOSERVICE\"\r\n\r\nOK\r\n");
        EXPECT_EQ(bench.Cmd("AT+CESQ"), "\r\n+CESQ: 99,99,255,255,255,255\r\n\r\nOK\r\n");
        bench.host.Cmd("", Seconds(60));
        const std::string rx = bench.Cmd("AT+CSQ");
        const std::string value = Capture(rx, "^\r\n\\+CSQ: ([0-9]+),99\r\n\r\nOK\r\n$");
        ASSERT_FALSE(value.empty()) << mcl << ": " << rx;
        csq.push_back(std::stoul(value));
        const double loss = std::stod(mcl);
        const GeneralCommands::Signal s = GeneralCommands::ComputeSignal(loss, true);
        EXPECT_EQ(csq.back(), GeneralCommands::CsqIndex(s.rssi));
        const int rsrp = static_cast<int>(std::floor(s.rsrp + 141));
        EXPECT_EQ(bench.Cmd("AT+CESQ"),
                  "\r\n+CESQ: 99,99,255,255," +
                      std::to_string(static_cast<int>(std::floor((s.rsrq + 20) * 2))) + "," +
                      std::to_string(rsrp) + "\r\n\r\nOK\r\n");
        EXPECT_EQ(bench.Cmd("AT+QCSQ"),
                  "\r\n+QCSQ: \"NBIoT\"," + std::to_string(int(std::round(s.rssi))) + "," +
                      std::to_string(int(std::round(s.rsrp))) + "," +
                      std::to_string(int(std::round((s.sinr + 20) * 5))) + "," +
                      std::to_string(int(std::round(s.rsrq))) + "\r\n\r\nOK\r\n");
    }
    // Deeper coverage, weaker signal.
    EXPECT_GT(csq[0], csq[1]);
    EXPECT_GT(csq[1], csq[2]);
}

TEST(GeneralCommandsTest, OperatorQueriesFollowTheRegistration)
{
    GeneralBench bench("BG95-M3", "ltem");
    EXPECT_EQ(bench.Cmd("AT+COPS?"), "\r\n+COPS: 0\r\n\r\nOK\r\n");
    EXPECT_EQ(bench.Cmd("AT+QNWINFO"), "\r\n+QNWINFO: No Service\r\n\r\nOK\r\n");
    EXPECT_EQ(bench.Cmd("AT+CMEE=1"), "\r\nOK\r\n");
    EXPECT_EQ(bench.Cmd("AT+QSPN"), "\r\n+CME ERROR: 30\r\n");
    bench.host.Cmd("", Seconds(30));
    EXPECT_EQ(bench.Cmd("AT+COPS?"), "\r\n+COPS: 0,0,\"Test Network\",8\r\n\r\nOK\r\n");
    EXPECT_EQ(bench.Cmd("AT+COPS=3,2"), "\r\nOK\r\n");
    EXPECT_EQ(bench.Cmd("AT+COPS?"), "\r\n+COPS: 0,2,\"00101\",8\r\n\r\nOK\r\n");
    EXPECT_EQ(bench.Cmd("AT+COPS=3,1"), "\r\nOK\r\n");
    EXPECT_EQ(bench.Cmd("AT+COPS?"), "\r\n+COPS: 0,1,\"TEST\",8\r\n\r\nOK\r\n");
    EXPECT_EQ(bench.Cmd("AT+QNWINFO"),
              "\r\n+QNWINFO: \"eMTC\",\"00101\",\"LTE BAND 20\",6300\r\n\r\nOK\r\n");
    EXPECT_EQ(bench.Cmd("AT+QSPN?"),
              "\r\n+QSPN: \"Test Network\",\"TEST\",\"\",0,\"00101\"\r\n\r\nOK\r\n");
    // Manual selection of another network fails; of this one succeeds.
    EXPECT_EQ(bench.Cmd("AT+COPS=1,2,\"99999\""), "\r\n+CME ERROR: 30\r\n");
    EXPECT_EQ(bench.Cmd("AT+COPS=1,2,\"00101\""), "\r\nOK\r\n");
    EXPECT_EQ(bench.Cmd("AT+COPS?"), "\r\n+COPS: 1,2,\"00101\",8\r\n\r\nOK\r\n");
    // The network scan answers after NetworkScanTime (10 s), not before.
    bench.host.m_rx.clear();
    bench.host.m_times.clear();
    const Time start = Simulator::Now();
    EXPECT_EQ(bench.Cmd("AT+COPS=?", Seconds(9)), "");
    const std::string scan = bench.host.Cmd("", Seconds(2));
    EXPECT_EQ(scan,
              "\r\n+COPS: (2,\"Test Network\",\"TEST\",\"00101\",8),,(0-4),(0-2)\r\n\r\nOK\r\n");
    ASSERT_FALSE(bench.host.m_times.empty());
    EXPECT_GE(bench.host.m_times.front() - start, Seconds(10));
    // Deregister and register again.
    EXPECT_EQ(bench.Cmd("AT+CEREG=1"), "\r\nOK\r\n");
    EXPECT_EQ(bench.Cmd("AT+COPS=2"), "\r\nOK\r\n\r\n+CEREG: 0\r\n");
    EXPECT_EQ(bench.Cmd("AT+COPS?"), "\r\n+COPS: 2\r\n\r\nOK\r\n");
    const std::string back = bench.Cmd("AT+COPS=0", Seconds(30));
    EXPECT_NE(back.find("+CEREG: 1"), std::string::npos) << back;
    for (const char* bad : {"AT+COPS=5",
                            "AT+COPS=0,3",
                            "AT+COPS=1",
                            "AT+COPS=0,0,\"x\"",
                            "AT+COPS",
                            "AT+QNWINFO?",
                            "AT+CSQ?",
                            "AT+CESQ=1",
                            "AT+QCSQ=1"})
    {
        EXPECT_NE(bench.Cmd(bad).find("ERROR"), std::string::npos) << bad;
    }
}

TEST(GeneralCommandsDeathTest, BadIdentityAttributesAreFatalAndNamed)
{
    auto install = [](const std::string& name, const std::string& value)
    {
        Config::SetDefault("ns3::lpwa::GeneralCommands::" + name, StringValue(value));
        GeneralBench bench("BG95-M3", "");
    };
    EXPECT_DEATH(install("Imei", "490154203237517"), "attribute Imei: \"490154203237517\"");
    EXPECT_DEATH(install("Iccid", "8900101"), "attribute Iccid");
    EXPECT_DEATH(install("Mcc", "01"), "attribute Mcc: \"01\" is not 3 digits");
    EXPECT_DEATH(install("Tac", "abc"), "attribute Tac");
}

TEST(GeneralCommandsTest, OneMoCfunAndMrebootResetTheModule)
{
    GeneralBench bench("ML307R", "cat1");
    EXPECT_EQ(bench.Cmd("AT+CFUN=?"), "\r\n+CFUN: (0,1,4),(0,1)\r\n\r\nOK\r\n");
    EXPECT_EQ(bench.Cmd("AT+CFUN?"), "\r\n+CFUN: 1\r\n\r\nOK\r\n");
    for (const char* bad : {"AT+CFUN=2", "AT+CFUN=1,2", "AT+CFUN", "AT+MREBOOT=1", "AT+MREBOOT?"})
    {
        EXPECT_NE(bench.Cmd(bad).find("ERROR"), std::string::npos) << bad;
    }
    bench.host.Cmd("", Seconds(30));
    EXPECT_EQ(bench.Cmd("AT+CEREG?"), "\r\n+CEREG: 0,1\r\n\r\nOK\r\n");
    // esp-ml307's flight mode: AT+CFUN=4 deregisters, AT+CFUN=1 registers again.
    EXPECT_EQ(bench.Cmd("AT+CFUN=4"), "\r\nOK\r\n");
    EXPECT_EQ(bench.Cmd("AT+CEREG?"), "\r\n+CEREG: 0,0\r\n\r\nOK\r\n");
    EXPECT_EQ(bench.Cmd("AT+CFUN?"), "\r\n+CFUN: 4\r\n\r\nOK\r\n");
    EXPECT_EQ(bench.Cmd("AT+CFUN=1", Seconds(30)), "\r\nOK\r\n");
    EXPECT_EQ(bench.Cmd("AT+CEREG?"), "\r\n+CEREG: 0,1\r\n\r\nOK\r\n");
    EXPECT_EQ(bench.Cmd("AT+MIPCALL=1,1", Seconds(2)).substr(0, 8), "\r\nOK\r\n\r\n");
    // esp-ml307's Reboot(): AT+MREBOOT=0, OK, then +MATREADY; the context is gone, echo is on.
    EXPECT_EQ(bench.Cmd("AT+MREBOOT=0", MilliSeconds(100)), "\r\nOK\r\n\r\nREBOOTING\r\n");
    EXPECT_EQ(bench.Cmd("AT", Seconds(2)), "");
    EXPECT_EQ(bench.host.Cmd("", Seconds(1)), "\r\n+MATREADY\r\n");
    bench.host.Cmd("", Seconds(30));
    const std::string calls = bench.Cmd("AT+MIPCALL?");
    EXPECT_EQ(calls.find("+MIPCALL: 1,1"), std::string::npos) << calls;
    EXPECT_EQ(calls.substr(0, 13), "AT+MIPCALL?\r\r");
    // AT+MPOF: OK, POWER OFF, then nothing answers until PowerOn().
    EXPECT_EQ(bench.host.Cmd("AT+MPOF=1\r"), "AT+MPOF=1\r\r\nERROR\r\n");
    EXPECT_EQ(bench.host.Cmd("AT+MPOF\r"), "AT+MPOF\r\r\nOK\r\n\r\nPOWER OFF\r\n");
    EXPECT_EQ(bench.host.Cmd("AT\r", Seconds(5)), "");
    bench.scenario.GetModule()->PowerOn();
    EXPECT_EQ(bench.host.Cmd("", Seconds(3)), "\r\n+MATREADY\r\n");
    bench.host.Cmd("", Seconds(30));
    // AT+CFUN=4,1: reset into flight mode.
    bench.host.Cmd("AT+CFUN=4,1\r", Seconds(5));
    EXPECT_EQ(bench.Cmd("AT+CFUN?"), "AT+CFUN?\r\r\n+CFUN: 4\r\n\r\nOK\r\n");
    EXPECT_EQ(bench.Cmd("AT+CEREG?"), "AT+CEREG?\r\r\n+CEREG: 0,0\r\n\r\nOK\r\n");
}
