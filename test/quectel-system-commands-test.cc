/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "lpwa-test-harness.h"

#include "ns3/lpwa-module.h"
#include "ns3/quectel-ssl-commands.h"
#include "ns3/quectel-system-commands.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/uart-channel.h"

#include <gtest/gtest.h>

using namespace ns3;
using namespace ns3::lpwa;

namespace
{

/// A host driving a BG95-M3 module with the Quectel system commands over a UART.
class QuectelSystemCommandsTest : public ::testing::Test
{
  protected:
    void SetUp() override
    {
        m_bench.Create();
        m_system = CreateObject<QuectelSystemCommands>();
        m_bench.module->AddCommandSet(m_system);
        m_bench.module->AddCommandSet(CreateObject<QuectelSslCommands>());
        m_bench.StartEchoOff();
    }

    void TearDown() override
    {
        m_bench.Dispose();
        m_system = nullptr;
        Simulator::Destroy();
    }

    /// Type a command line `after` from now, run until idle, return and clear the answer.
    std::string Type(const std::string& text, Time after = Seconds(1))
    {
        return m_bench.host.TypeAndRun(text, after);
    }

    test::ModuleBench m_bench;
    Ptr<QuectelSystemCommands> m_system;
};

const std::string OK = "\r\nOK\r\n";
const std::string ERR = "\r\nERROR\r\n";

TEST_F(QuectelSystemCommandsTest, CclkSetAndReadAdvancesWithSimulatedTime)
{
    EXPECT_EQ(Type("AT+CCLK=?\r"), OK);
    EXPECT_EQ(Type("AT+CCLK=\"26/11/22,10:00:00+04\"\r"), OK);
    // Set at about t=2 s; read 100 s later.
    EXPECT_EQ(Type("AT+CCLK?\r", Seconds(100)), "\r\n+CCLK: \"26/11/22,10:01:40+04\"\r\n" + OK);
    EXPECT_EQ(Type("AT+CCLK?\r", Seconds(3600)), "\r\n+CCLK: \"26/11/22,11:01:40+04\"\r\n" + OK);
    EXPECT_EQ(Type("AT+CCLK=\"26/13/22,10:00:00+04\"\r"), ERR);
    EXPECT_EQ(Type("AT+CCLK=\"garbage\"\r"), ERR);
    EXPECT_EQ(Type("AT+CCLK=26\r"), ERR);
    EXPECT_EQ(Type("AT+CCLK\r"), ERR);
    // Five more seconds went by with the rejected commands.
    EXPECT_EQ(Type("AT+CCLK?\r"), "\r\n+CCLK: \"26/11/22,11:01:45+04\"\r\n" + OK);
}

TEST_F(QuectelSystemCommandsTest, QigeterrorReportsTheLastError)
{
    EXPECT_EQ(Type("AT+QIGETERROR\r"), "\r\n+QIGETERROR: 0,Operation successful\r\n" + OK);
    m_bench.module->SetLastError(565);
    EXPECT_EQ(Type("AT+QIGETERROR\r"), "\r\n+QIGETERROR: 565,DNS parse failed\r\n" + OK);
    m_bench.module->SetLastError(552);
    EXPECT_EQ(Type("AT+QIGETERROR\r"), "\r\n+QIGETERROR: 552,Invalid parameter\r\n" + OK);
    m_bench.module->SetLastError(566);
    EXPECT_EQ(Type("AT+QIGETERROR\r"), "\r\n+QIGETERROR: 566,Socket connection failed\r\n" + OK);
    EXPECT_EQ(Type("AT+QIGETERROR?\r"), ERR);
    EXPECT_EQ(QuectelSystemCommands::GetErrorDescription(574), "Port busy");
}

TEST_F(QuectelSystemCommandsTest, CfunIsStored)
{
    EXPECT_EQ(Type("AT+CFUN?\r"), "\r\n+CFUN: 1\r\n" + OK);
    EXPECT_EQ(Type("AT+CFUN=0\r"), OK);
    EXPECT_EQ(m_system->GetFunctionality(), 0);
    EXPECT_EQ(Type("AT+CFUN?\r"), "\r\n+CFUN: 0\r\n" + OK);
    EXPECT_EQ(Type("AT+CFUN=4\r"), OK);
    EXPECT_EQ(Type("AT+CFUN?\r"), "\r\n+CFUN: 4\r\n" + OK);
    EXPECT_EQ(Type("AT+CFUN=1,0\r"), OK);
    EXPECT_EQ(m_system->GetFunctionality(), 1);
    EXPECT_EQ(Type("AT+CFUN=2\r"), ERR);
    EXPECT_EQ(Type("AT+CFUN=5\r"), ERR);
    EXPECT_EQ(Type("AT+CFUN=1,2\r"), ERR);
    EXPECT_EQ(Type("AT+CFUN=?\r"), "\r\n+CFUN: (0,1,4),(0,1)\r\n" + OK);
    EXPECT_EQ(m_system->GetFunctionality(), 1);
}

TEST_F(QuectelSystemCommandsTest, EnviroDiyCsslcfgTypoGetsError)
{
    EXPECT_FALSE(m_bench.module->GetAtEngine()->IsRegistered("+CSSLCFG"));
    EXPECT_EQ(Type("AT+CSSLCFG=\"sslversion\",0,3\r"), ERR);
    // The driver carries on; the real command still works.
    EXPECT_EQ(Type("AT+QSSLCFG=\"sslversion\",0,3\r"), OK);
}

} // namespace

namespace
{

TEST_F(QuectelSystemCommandsTest, QcfgScanSettingsFollowTheProfilesRats)
{
    // BG95-M3: Cat M1, Cat NB2 and EGPRS.
    EXPECT_EQ(Type("AT+QCFG=?\r"),
              "\r\n+QCFG: \"nwscanseq\",(00-03),(0,1)\r\n+QCFG: \"nwscanmode\",(0,1,3),(0,1)"
              "\r\n+QCFG: \"iotopmode\",(0,1,2),(0,1)\r\n" +
                  OK);
    EXPECT_EQ(Type("AT+QCFG=\"nwscanmode\"\r"), "\r\n+QCFG: \"nwscanmode\",0\r\n" + OK);
    EXPECT_EQ(Type("AT+QCFG=\"nwscanmode\",3,1\r"), OK);
    EXPECT_EQ(Type("AT+QCFG=\"NWSCANMODE\"\r"), "\r\n+QCFG: \"nwscanmode\",3\r\n" + OK);
    EXPECT_EQ(m_system->GetScanMode(), 3);
    EXPECT_EQ(Type("AT+QCFG=\"nwscanmode\",2\r"), ERR);
    EXPECT_EQ(Type("AT+QCFG=\"iotopmode\"\r"), "\r\n+QCFG: \"iotopmode\",2\r\n" + OK);
    EXPECT_EQ(Type("AT+QCFG=\"iotopmode\",1\r"), OK);
    EXPECT_EQ(m_system->GetIotOpMode(), 1);
    EXPECT_EQ(Type("AT+QCFG=\"nwscanseq\"\r"), "\r\n+QCFG: \"nwscanseq\",020301\r\n" + OK);
    EXPECT_EQ(Type("AT+QCFG=\"nwscanseq\",0301\r"), OK);
    EXPECT_EQ(m_system->GetScanSequence(), "0301");
    EXPECT_EQ(Type("AT+QCFG=\"nwscanseq\",0405\r"), ERR);
    EXPECT_EQ(Type("AT+QCFG=\"nwscanseq\",\"0301\"\r"), ERR);
    EXPECT_EQ(Type("AT+QCFG=\"band\",0,0\r"), ERR); // not modelled
    EXPECT_EQ(Type("AT+QCFG=\"nwscanmode\",0,2\r"), ERR);
    EXPECT_EQ(Type("AT+QCFG=nwscanmode,0\r"), ERR);
}

/// A BG77 (Cat M1 and Cat NB2, no EGPRS) and a BG95-M1 (Cat M1 only).
TEST(QuectelSystemCommandsProfileTest, QcfgRejectsRatsTheModelLacks)
{
    for (const auto& [model, gsmMode, nbMode, sequence] :
         std::vector<std::tuple<std::string, std::string, std::string, std::string>>{
             {"BG77", "ERROR", "OK", "0203"},
             {"BG95-M1", "ERROR", "ERROR", "02"}})
    {
        test::ModuleBench bench;
        bench.Create();
        bench.module->SetAttribute("Profile", StringValue(model));
        Ptr<QuectelSystemCommands> system = CreateObject<QuectelSystemCommands>();
        bench.module->AddCommandSet(system);
        bench.StartEchoOff();
        EXPECT_EQ(bench.host.TypeAndRun("AT+QCFG=\"nwscanmode\",1\r", Seconds(1)),
                  "\r\n" + gsmMode + "\r\n")
            << model;
        EXPECT_EQ(bench.host.TypeAndRun("AT+QCFG=\"iotopmode\",1\r", Seconds(1)),
                  "\r\n" + nbMode + "\r\n")
            << model;
        EXPECT_EQ(system->GetScanSequence(), sequence) << model;
        bench.Dispose();
        Simulator::Destroy();
    }
}

} // namespace
