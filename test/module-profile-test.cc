/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "ns3/cipher-suite-table.h"
#include "ns3/module-profile.h"
#include "ns3/simulator.h"

#include <algorithm>
#include <gtest/gtest.h>
#include <map>
#include <string>
#include <vector>

using namespace ns3;
using namespace ns3::lpwa;

namespace
{

using P = ModuleProfile;

class ModuleProfileTest : public ::testing::Test
{
  protected:
    void TearDown() override
    {
        Simulator::Destroy();
    }
};

TEST_F(ModuleProfileTest, EveryTable1ModelExistsWithItsRats)
{
    const uint32_t m1Nb2 = P::CAT_M1 | P::CAT_NB2;
    const std::map<std::string, uint32_t> table1{{"BG95-M1", P::CAT_M1},
                                                 {"BG95-M2", m1Nb2},
                                                 {"BG95-M3", m1Nb2 | P::EGPRS},
                                                 {"BG95-M4", m1Nb2},
                                                 {"BG95-M5", m1Nb2 | P::EGPRS},
                                                 {"BG95-M6", m1Nb2},
                                                 {"BG95-MF", m1Nb2},
                                                 {"BG77", m1Nb2},
                                                 {"BG600L-M3", m1Nb2 | P::EGPRS}};
    for (const auto& [name, rats] : table1)
    {
        const auto* profile = P::Find(name);
        ASSERT_NE(profile, nullptr) << name;
        EXPECT_EQ(profile->GetName(), name);
        EXPECT_EQ(profile->GetRats(), rats) << name;
        EXPECT_EQ(profile->GetDialect(), P::Dialect::QUECTEL) << name;
        EXPECT_FALSE(profile->GetDescription().empty()) << name;
        EXPECT_FALSE(profile->IsRatSupported(P::LTE_CAT1)) << name;
        EXPECT_FALSE(profile->IsRatSupported(P::CAT_NB1)) << name;
    }
    const auto names = P::GetNames();
    ASSERT_GE(names.size(), 9U);
    const std::vector<std::string> firstNine(names.begin(), names.begin() + 9);
    EXPECT_EQ(firstNine,
              (std::vector<std::string>{"BG95-M1",
                                        "BG95-M2",
                                        "BG95-M3",
                                        "BG95-M4",
                                        "BG95-M5",
                                        "BG95-M6",
                                        "BG95-MF",
                                        "BG77",
                                        "BG600L-M3"}));
    EXPECT_EQ(P::Find("BG95-M4")->GetDescription(), "Cat M1/Cat NB2, 450 MHz Supported");
    EXPECT_EQ(P::Find("BG95-M1")->GetDescription(), "Cat M1 only");
    EXPECT_EQ(P::Find("BG600L-M3")->GetSeries(), "BG600L");
    EXPECT_TRUE(P::Find("BG95-M3")->IsRatSupported(P::EGPRS));
    EXPECT_FALSE(P::Find("BG95-M2")->IsRatSupported(P::EGPRS));
}

TEST_F(ModuleProfileTest, QuectelFiguresFromTheSslApplicationNote)
{
    for (const auto& name : P::GetNames())
    {
        const auto* p = P::Find(name);
        if (p->GetDialect() != P::Dialect::QUECTEL)
        {
            continue;
        }
        EXPECT_EQ(p->GetPdpContextIdMin(), 1U) << name;
        EXPECT_EQ(p->GetPdpContextIdMax(), 16U) << name;
        EXPECT_EQ(p->GetMaxActivePdpContexts(), 3U) << name;
        EXPECT_EQ(p->GetSocketCount(), 12U) << name;
        EXPECT_EQ(p->GetMaxSslConnections(), 12U) << name;
        EXPECT_EQ(p->GetSslContextCount(), 6U) << name;
        EXPECT_EQ(p->GetSslVersions(),
                  P::SSL_3_0 | P::TLS_1_0 | P::TLS_1_1 | P::TLS_1_2 | P::DTLS_1_0 | P::DTLS_1_2)
            << name;
        EXPECT_FALSE(p->IsSslVersionSupported(P::TLS_1_3)) << name;
        EXPECT_EQ(p->GetMaxSendLength(), 1460U) << name;
        EXPECT_EQ(p->GetMaxReadLength(), 1500U) << name;
        EXPECT_EQ(p->GetSocketReceiveBufferSize(), 10240U) << name;
        EXPECT_EQ(p->GetMaxCommandLineLength(), 2048U) << name;
        EXPECT_EQ(p->GetCommandProcessingTime(), MilliSeconds(2)) << name;
        EXPECT_EQ(p->GetMcuClass(), "mdm9205-a7") << name;
        EXPECT_TRUE(p->IsQuirkSet(P::CONNECT_ID_CLAIMED_AFTER_PDP_LOSS)) << name;
        EXPECT_TRUE(p->IsQuirkSet(P::QUOTED_CIPHERSUITE_REJECTED)) << name;
        EXPECT_TRUE(p->IsQuirkSet(P::CLOSED_SOCKET_WAITS_FOR_HOST_CLOSE)) << name;
    }
}

TEST_F(ModuleProfileTest, QuectelCipherSuitesAreTable3AndKnownToTheCipherTable)
{
    const std::vector<uint16_t> table3{0x0035, 0x002F, 0x0005, 0x0004, 0x000A, 0x003D, 0xC002,
                                       0xC003, 0xC004, 0xC005, 0xC007, 0xC008, 0xC009, 0xC00A,
                                       0xC011, 0xC012, 0xC013, 0xC014, 0xC00C, 0xC00D, 0xC00E,
                                       0xC00F, 0xC023, 0xC024, 0xC025, 0xC026, 0xC027, 0xC028,
                                       0xC029, 0xC02A, 0xC02B, 0xC02F, 0xC0A8, 0x00AE, 0xC0AE};
    for (const auto& name : P::GetNames())
    {
        const auto* p = P::Find(name);
        for (uint16_t id : p->GetCipherSuites())
        {
            EXPECT_NE(CipherSuiteTable::Find(id), nullptr)
                << name << " " << CipherSuiteTable::FormatQuectelId(id);
            EXPECT_TRUE(p->IsCipherSuiteSupported(id));
        }
        if (p->GetDialect() == P::Dialect::QUECTEL)
        {
            EXPECT_EQ(p->GetCipherSuites(), table3) << name;
            EXPECT_FALSE(p->IsCipherSuiteSupported(0xFFFF)) << name;
            EXPECT_FALSE(p->IsCipherSuiteSupported(0xC030)) << name;
        }
    }
}

TEST_F(ModuleProfileTest, FindIgnoresCaseAndReturnsNullForUnknownNames)
{
    const auto* exact = P::Find("BG95-M3");
    ASSERT_NE(exact, nullptr);
    EXPECT_EQ(P::Find("bg95-m3"), exact);
    EXPECT_EQ(P::Find("Bg95-M3"), exact);
    EXPECT_EQ(P::Find("bg600l-m3"), P::Find("BG600L-M3"));
    EXPECT_EQ(P::Find("BG96"), nullptr);
    EXPECT_EQ(P::Find("BG95"), nullptr);
    EXPECT_EQ(P::Find("BG95-M3 "), nullptr);
    EXPECT_EQ(P::Find(""), nullptr);
}

TEST_F(ModuleProfileTest, RegisterAddsAProfileThatFitsTheOneMoDialect)
{
    // Made-up figures: this checks the record and the registry, not any OneMO datasheet.
    const auto before = P::GetNames().size();
    const auto* bg77 = P::Find("BG77");
    P::Register(P().SetName("TEST-ONEMO-NB")
                    .SetSeries("TEST")
                    .SetDialect(P::Dialect::ONEMO)
                    .SetDescription("test profile")
                    .SetRats(P::CAT_NB1 | P::CAT_NB2)
                    .SetPdpContexts(1, 8, 1)
                    .SetSocketCount(6)
                    .SetMaxSslConnections(2)
                    .SetSslContextCount(6)
                    .SetSslVersions(P::TLS_1_2 | P::TLS_1_3)
                    .SetCipherSuites({0xC02F, 0xCCA8, 0xC0FF})
                    .SetTransferLimits(1024, 1024)
                    .SetSocketReceiveBufferSize(4096)
                    .SetMaxCommandLineLength(4096)
                    .SetCommandProcessingTimeUs(5000)
                    .SetMcuClass("test-mcu")
                    .SetQuirks(0));
    EXPECT_EQ(P::GetNames().size(), before + 1);
    EXPECT_EQ(P::GetNames().back(), "TEST-ONEMO-NB");
    EXPECT_EQ(P::Find("BG77"), bg77); // earlier pointers stay valid
    const auto* p = P::Find("test-onemo-nb");
    ASSERT_NE(p, nullptr);
    EXPECT_EQ(p->GetDialect(), P::Dialect::ONEMO);
    EXPECT_STREQ(P::DialectToString(p->GetDialect()), "ONEMO");
    EXPECT_TRUE(p->IsRatSupported(P::CAT_NB1));
    EXPECT_FALSE(p->IsRatSupported(P::CAT_M1));
    EXPECT_EQ(p->GetMaxSslConnections(), 2U);
    EXPECT_EQ(p->GetCommandProcessingTime(), MilliSeconds(5));
    EXPECT_EQ(p->GetQuirks(), 0U);
}

TEST_F(ModuleProfileTest, RegisterRejectsBadProfiles)
{
    auto valid = []()
    {
        return P()
            .SetName("TEST-BAD")
            .SetRats(P::CAT_M1)
            .SetPdpContexts(1, 4, 2)
            .SetSocketCount(4)
            .SetMaxSslConnections(4)
            .SetSslContextCount(2);
    };
    EXPECT_DEATH(P::Register(P(valid()).SetName("")), "empty name");
    EXPECT_DEATH(P::Register(P(valid()).SetName("bg77")), "already registered");
    EXPECT_DEATH(P::Register(P(valid()).SetCipherSuites({0x002F, 0x1234})),
                 "0X1234, which is not in CipherSuiteTable");
    EXPECT_DEATH(P::Register(P(valid()).SetSocketCount(0)), "inconsistent counts");
    EXPECT_DEATH(P::Register(P(valid()).SetMaxSslConnections(5)), "inconsistent counts");
    EXPECT_DEATH(P::Register(P(valid()).SetPdpContexts(1, 4, 5)), "inconsistent counts");
    EXPECT_EQ(P::Find("TEST-BAD"), nullptr);
}

} // namespace
