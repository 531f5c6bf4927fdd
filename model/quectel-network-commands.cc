/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "quectel-network-commands.h"

#include "lpwa-module.h"

#include "ns3/double.h"
#include "ns3/ipv4.h"
#include "ns3/log.h"
#include "ns3/simulator.h"

#include <sstream>

namespace ns3
{
namespace lpwa
{

NS_LOG_COMPONENT_DEFINE("LpwaQuectelNetworkCommands");
NS_OBJECT_ENSURE_REGISTERED(QuectelNetworkCommands);

namespace
{

/// Dotted-quad text of an address.
std::string
ToText(Ipv4Address a)
{
    std::ostringstream os;
    a.Print(os);
    return os.str();
}

/// Quote a string.
std::string
Quote(const std::string& s)
{
    return "\"" + s + "\"";
}

/**
 * The common front of a command with one integer parameter: answers the TEST form with `test`
 * and the READ form with `read` (each followed by OK), and anything but a WRITE of one integer
 * from 0 to `max` with ERROR.
 * \param c the command
 * \param e the engine to answer on
 * \param test the information line of the TEST form
 * \param read the information line of the READ form
 * \param max the largest value the WRITE form accepts
 * \param value the parameter of a well-formed WRITE form
 * \return true if the command is a well-formed WRITE form, still to be answered
 */
bool
IntegerWriteOrAnswer(const AtCommand& c,
                     Ptr<AtEngine> e,
                     const std::string& test,
                     const std::string& read,
                     int64_t max,
                     int64_t& value)
{
    if (c.GetForm() == AtCommand::TEST)
    {
        e->SendInfo(test);
        e->FinishOk();
        return false;
    }
    if (c.GetForm() == AtCommand::READ)
    {
        e->SendInfo(read);
        e->FinishOk();
        return false;
    }
    if (c.GetForm() != AtCommand::WRITE || c.GetParameterCount() != 1 ||
        !c.GetParameter(0).GetInteger(value, 0, max))
    {
        e->FinishError();
        return false;
    }
    return true;
}

} // namespace

TypeId
QuectelNetworkCommands::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::lpwa::QuectelNetworkCommands")
            .SetParent<AtCommandSet>()
            .SetGroupName("LpwaModem")
            .AddConstructor<QuectelNetworkCommands>()
            .AddAttribute("RegistrationTime",
                          "Stand-in for the radio model: time after the start of the simulation "
                          "when the module registers (+CEREG stat 1) and attaches to packet "
                          "service by itself.",
                          TimeValue(Seconds(2)),
                          MakeTimeAccessor(&QuectelNetworkCommands::m_registrationTime),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("AttachTime",
                          "Stand-in: time AT+CGATT=1 takes to attach when detached.",
                          TimeValue(Seconds(2)),
                          MakeTimeAccessor(&QuectelNetworkCommands::m_attachTime),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("ActivationTime",
                          "Stand-in: time AT+QIACT takes to activate a PDP context.",
                          TimeValue(Seconds(1)),
                          MakeTimeAccessor(&QuectelNetworkCommands::m_activationTime),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("DeactivationTime",
                          "Stand-in: time AT+QIDEACT takes to deactivate a PDP context.",
                          TimeValue(MilliSeconds(200)),
                          MakeTimeAccessor(&QuectelNetworkCommands::m_deactivationTime),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("ActivationFailureProbability",
                          "Probability that AT+QIACT fails (ERROR, AT+QIGETERROR 561).",
                          DoubleValue(0.0),
                          MakeDoubleAccessor(&QuectelNetworkCommands::m_failureProbability),
                          MakeDoubleChecker<double>(0.0, 1.0));
    return tid;
}

QuectelNetworkCommands::QuectelNetworkCommands()
{
    NS_LOG_FUNCTION(this);
    m_rng = CreateObject<UniformRandomVariable>();
    m_secondaryDns = Ipv4Address("0.0.0.0");
}

QuectelNetworkCommands::~QuectelNetworkCommands()
{
    NS_LOG_FUNCTION(this);
}

void
QuectelNetworkCommands::DoDispose()
{
    m_registrationEvent.Cancel();
    for (auto& e : m_pending)
    {
        e.Cancel();
    }
    m_pending.clear();
    m_module = nullptr;
    m_rng = nullptr;
    AtCommandSet::DoDispose();
}

int64_t
QuectelNetworkCommands::AssignStreams(int64_t stream)
{
    m_rng->SetStream(stream);
    return 1;
}

void
QuectelNetworkCommands::Install(Ptr<LpwaModule> module)
{
    NS_LOG_FUNCTION(this);
    m_module = module;
    Ptr<AtEngine> e = module->GetAtEngine();
    auto reg =
        [this, e](const std::string& name, void (QuectelNetworkCommands::*fn)(const AtCommand&))
    {
        e->RegisterCommand(name,
                           [this, fn](const AtCommand& c)
                           {
                               (this->*fn)(c);
                           });
    };
    reg("+QICSGP", &QuectelNetworkCommands::Qicsgp);
    reg("+QIACT", &QuectelNetworkCommands::Qiact);
    reg("+QIDEACT", &QuectelNetworkCommands::Qideact);
    reg("+CGATT", &QuectelNetworkCommands::Cgatt);
    reg("+CEREG", &QuectelNetworkCommands::Cereg);
    reg("+CGPADDR", &QuectelNetworkCommands::Cgpaddr);
    reg("+QIDNSGIP", &QuectelNetworkCommands::Qidnsgip);
    reg("+QIDNSCFG", &QuectelNetworkCommands::Qidnscfg);
    const Time now = Simulator::Now();
    m_registrationEvent =
        Simulator::Schedule(m_registrationTime > now ? m_registrationTime - now : Time(0),
                            &QuectelNetworkCommands::Register,
                            this);
}

void
QuectelNetworkCommands::Register()
{
    NS_LOG_FUNCTION(this);
    if (m_registered || !m_radioEnabled)
    {
        return;
    }
    m_registered = true;
    m_attached = true;
    if (m_ceregMode >= 1)
    {
        m_module->GetAtEngine()->SendUrc("+CEREG: " + CeregLine());
    }
}

void
QuectelNetworkCommands::SetRadioEnabled(bool enabled)
{
    NS_LOG_FUNCTION(this << enabled);
    if (enabled == m_radioEnabled)
    {
        return;
    }
    m_radioEnabled = enabled;
    m_registrationEvent.Cancel();
    if (enabled)
    {
        m_registrationEvent =
            Simulator::Schedule(m_registrationTime, &QuectelNetworkCommands::Register, this);
        return;
    }
    DeactivateAll(false);
    m_attached = false;
    if (m_registered)
    {
        m_registered = false;
        if (m_ceregMode >= 1)
        {
            m_module->GetAtEngine()->SendUrc("+CEREG: " + CeregLine());
        }
    }
}

bool
QuectelNetworkCommands::IsRadioEnabled() const
{
    return m_radioEnabled;
}

std::string
QuectelNetworkCommands::CeregLine() const
{
    // <stat>: 1 registered (home), 2 searching, 0 not searching (radio off). With <n>=2 fixed
    // stand-in location values.
    std::string line = m_registered ? "1" : (m_radioEnabled ? "2" : "0");
    if (m_ceregMode == 2 && m_registered)
    {
        line += ",\"0001\",\"01A2D001\",8";
    }
    return line;
}

bool
QuectelNetworkCommands::IsRegistered() const
{
    return m_registered;
}

bool
QuectelNetworkCommands::IsAttached() const
{
    return m_attached;
}

Ipv4Address
QuectelNetworkCommands::GetNodeAddress() const
{
    if (!m_module || !m_module->GetNode())
    {
        return Ipv4Address("0.0.0.0");
    }
    Ptr<Ipv4> ipv4 = m_module->GetNode()->GetObject<Ipv4>();
    if (!ipv4 || ipv4->GetNInterfaces() < 2 || ipv4->GetNAddresses(1) == 0)
    {
        return Ipv4Address("0.0.0.0");
    }
    return ipv4->GetAddress(1, 0).GetLocal();
}

Ipv4Address
QuectelNetworkCommands::GetPdpAddress(uint32_t cid) const
{
    PdpContext* pdp = m_module ? m_module->GetPdpContext(cid) : nullptr;
    if (!pdp || !pdp->IsActive())
    {
        return Ipv4Address("0.0.0.0");
    }
    return pdp->GetAddress();
}

bool
QuectelNetworkCommands::ParseCid(const AtParameter& p, uint32_t& cid) const
{
    const ModuleProfile& prof = m_module->GetProfile();
    int64_t v;
    if (!p.GetInteger(v, prof.GetPdpContextIdMin(), prof.GetPdpContextIdMax()))
    {
        return false;
    }
    cid = static_cast<uint32_t>(v);
    return true;
}

std::string
QuectelNetworkCommands::CidRange() const
{
    const ModuleProfile& prof = m_module->GetProfile();
    return "(" + std::to_string(prof.GetPdpContextIdMin()) + "-" +
           std::to_string(prof.GetPdpContextIdMax()) + ")";
}

void
QuectelNetworkCommands::Qicsgp(const AtCommand& c)
{
    Ptr<AtEngine> e = m_module->GetAtEngine();
    if (c.GetForm() == AtCommand::TEST)
    {
        e->SendInfo("+QICSGP: " + CidRange() + ",(1-3),<APN>,<username>,<password>,(0-3)");
        e->FinishOk();
        return;
    }
    uint32_t cid;
    if (c.GetForm() != AtCommand::WRITE || !ParseCid(c.GetParameter(0), cid))
    {
        e->FinishError();
        return;
    }
    PdpContext* pdp = m_module->GetPdpContext(cid);
    if (c.GetParameterCount() == 1)
    {
        e->SendInfo("+QICSGP: " + std::to_string(pdp->GetType()) + "," + Quote(pdp->GetApn()) +
                    "," + Quote(pdp->GetUser()) + "," + Quote(pdp->GetPassword()) + "," +
                    std::to_string(pdp->GetAuthentication()));
        e->FinishOk();
        return;
    }
    int64_t type;
    int64_t auth = 0;
    const AtParameter& apn = c.GetParameter(2);
    const AtParameter& user = c.GetParameter(3);
    const AtParameter& pwd = c.GetParameter(4);
    if (c.GetParameterCount() > 6 || !c.GetParameter(1).GetInteger(type, 1, 3) ||
        (!apn.IsOmitted() && !apn.IsString()) || (!user.IsOmitted() && !user.IsString()) ||
        (!pwd.IsOmitted() && !pwd.IsString()) ||
        (!c.GetParameter(5).IsOmitted() && !c.GetParameter(5).GetInteger(auth, 0, 3)))
    {
        e->FinishError();
        return;
    }
    pdp->Configure(static_cast<uint8_t>(type),
                   apn.GetText(),
                   user.GetText(),
                   pwd.GetText(),
                   static_cast<uint8_t>(auth));
    e->FinishOk();
}

void
QuectelNetworkCommands::Qiact(const AtCommand& c)
{
    Ptr<AtEngine> e = m_module->GetAtEngine();
    if (c.GetForm() == AtCommand::TEST)
    {
        e->SendInfo("+QIACT: " + CidRange());
        e->FinishOk();
        return;
    }
    if (c.GetForm() == AtCommand::READ)
    {
        const ModuleProfile& prof = m_module->GetProfile();
        for (uint32_t cid = prof.GetPdpContextIdMin(); cid <= prof.GetPdpContextIdMax(); ++cid)
        {
            PdpContext* pdp = m_module->GetPdpContext(cid);
            if (pdp->IsActive())
            {
                e->SendInfo("+QIACT: " + std::to_string(cid) + ",1," +
                            std::to_string(pdp->GetType()) + "," +
                            Quote(ToText(pdp->GetAddress())));
            }
        }
        e->FinishOk();
        return;
    }
    uint32_t cid;
    if (c.GetForm() != AtCommand::WRITE || c.GetParameterCount() != 1 ||
        !ParseCid(c.GetParameter(0), cid))
    {
        e->FinishError();
        return;
    }
    PdpContext* pdp = m_module->GetPdpContext(cid);
    uint32_t active = 0;
    const ModuleProfile& prof = m_module->GetProfile();
    for (uint32_t i = prof.GetPdpContextIdMin(); i <= prof.GetPdpContextIdMax(); ++i)
    {
        active += m_module->GetPdpContext(i)->GetState() != PdpContext::INACTIVE ? 1 : 0;
    }
    if (pdp->GetState() != PdpContext::INACTIVE || !m_attached ||
        active >= prof.GetMaxActivePdpContexts())
    {
        m_module->SetLastError(561);
        e->FinishError();
        return;
    }
    pdp->SetState(PdpContext::ACTIVATING);
    m_pending.push_back(Simulator::Schedule(
        m_activationTime,
        [this, e, pdp, cid]()
        {
            if (pdp->GetState() != PdpContext::ACTIVATING)
            {
                m_module->SetLastError(561);
                e->FinishError();
                return;
            }
            if (m_failureProbability > 0 && m_rng->GetValue() < m_failureProbability)
            {
                NS_LOG_INFO("PDP context " << cid << " activation failed");
                pdp->SetState(PdpContext::INACTIVE);
                m_module->SetLastError(561);
                e->FinishError();
                return;
            }
            pdp->SetAddress(GetNodeAddress());
            pdp->SetState(PdpContext::ACTIVE);
            m_module->SetLastError(0);
            e->FinishOk();
        }));
}

void
QuectelNetworkCommands::Deactivate(uint32_t cid, bool byNetwork)
{
    PdpContext* pdp = m_module->GetPdpContext(cid);
    if (pdp->GetState() == PdpContext::INACTIVE)
    {
        return;
    }
    pdp->SetState(PdpContext::INACTIVE);
    pdp->SetAddress(Ipv4Address("0.0.0.0"));
    if (byNetwork)
    {
        m_module->GetAtEngine()->SendUrc("+QIURC: \"pdpdeact\"," + std::to_string(cid));
    }
    m_module->NotifyPdpDeactivated(cid, byNetwork);
}

void
QuectelNetworkCommands::DeactivateAll(bool byNetwork)
{
    const ModuleProfile& prof = m_module->GetProfile();
    for (uint32_t cid = prof.GetPdpContextIdMin(); cid <= prof.GetPdpContextIdMax(); ++cid)
    {
        Deactivate(cid, byNetwork);
    }
}

void
QuectelNetworkCommands::NetworkDetach()
{
    NS_LOG_FUNCTION(this);
    DeactivateAll(true);
}

void
QuectelNetworkCommands::Qideact(const AtCommand& c)
{
    Ptr<AtEngine> e = m_module->GetAtEngine();
    if (c.GetForm() == AtCommand::TEST)
    {
        e->SendInfo("+QIDEACT: " + CidRange());
        e->FinishOk();
        return;
    }
    uint32_t cid;
    if (c.GetForm() != AtCommand::WRITE || c.GetParameterCount() != 1 ||
        !ParseCid(c.GetParameter(0), cid))
    {
        e->FinishError();
        return;
    }
    PdpContext* pdp = m_module->GetPdpContext(cid);
    if (pdp->GetState() == PdpContext::ACTIVE)
    {
        pdp->SetState(PdpContext::DEACTIVATING);
    }
    m_pending.push_back(Simulator::Schedule(m_deactivationTime,
                                            [this, e, cid]()
                                            {
                                                Deactivate(cid, false);
                                                m_module->SetLastError(0);
                                                e->FinishOk();
                                            }));
}

void
QuectelNetworkCommands::Cgatt(const AtCommand& c)
{
    Ptr<AtEngine> e = m_module->GetAtEngine();
    int64_t state;
    if (!IntegerWriteOrAnswer(c,
                              e,
                              "+CGATT: (0,1)",
                              std::string("+CGATT: ") + (m_attached ? "1" : "0"),
                              1,
                              state))
    {
        return;
    }
    if (state == 0)
    {
        DeactivateAll(false);
        m_attached = false;
        e->FinishOk();
        return;
    }
    if (m_attached)
    {
        e->FinishOk();
        return;
    }
    m_pending.push_back(Simulator::Schedule(m_attachTime,
                                            [this, e]()
                                            {
                                                if (!m_registered)
                                                {
                                                    e->FinishCmeError(30); // no network service
                                                    return;
                                                }
                                                m_attached = true;
                                                e->FinishOk();
                                            }));
}

void
QuectelNetworkCommands::Cereg(const AtCommand& c)
{
    Ptr<AtEngine> e = m_module->GetAtEngine();
    int64_t n;
    if (!IntegerWriteOrAnswer(c,
                              e,
                              "+CEREG: (0-2)",
                              "+CEREG: " + std::to_string(m_ceregMode) + "," + CeregLine(),
                              2,
                              n))
    {
        return;
    }
    m_ceregMode = static_cast<uint8_t>(n);
    e->FinishOk();
}

void
QuectelNetworkCommands::Cgpaddr(const AtCommand& c)
{
    Ptr<AtEngine> e = m_module->GetAtEngine();
    const ModuleProfile& prof = m_module->GetProfile();
    if (c.GetForm() == AtCommand::TEST)
    {
        e->SendInfo("+CGPADDR: " + CidRange());
        e->FinishOk();
        return;
    }
    if (c.GetForm() == AtCommand::EXECUTE)
    {
        for (uint32_t cid = prof.GetPdpContextIdMin(); cid <= prof.GetPdpContextIdMax(); ++cid)
        {
            if (m_module->GetPdpContext(cid)->IsActive())
            {
                e->SendInfo("+CGPADDR: " + std::to_string(cid) + "," +
                            Quote(ToText(GetPdpAddress(cid))));
            }
        }
        e->FinishOk();
        return;
    }
    uint32_t cid;
    if (c.GetForm() != AtCommand::WRITE || c.GetParameterCount() != 1 ||
        !ParseCid(c.GetParameter(0), cid))
    {
        e->FinishError();
        return;
    }
    e->SendInfo("+CGPADDR: " + std::to_string(cid) + "," + Quote(ToText(GetPdpAddress(cid))));
    e->FinishOk();
}

void
QuectelNetworkCommands::Qidnsgip(const AtCommand& c)
{
    Ptr<AtEngine> e = m_module->GetAtEngine();
    uint32_t cid;
    const AtParameter& host = c.GetParameter(1);
    if (c.GetForm() != AtCommand::WRITE || c.GetParameterCount() != 2 ||
        !ParseCid(c.GetParameter(0), cid) || !host.IsString() || host.GetText().empty())
    {
        m_module->SetLastError(552);
        e->FinishError();
        return;
    }
    if (!m_module->GetPdpContext(cid)->IsActive())
    {
        m_module->SetLastError(570);
        e->FinishError();
        return;
    }
    m_module->SetLastError(0);
    e->FinishOk();
    Ptr<LpwaModule> module = m_module;
    m_module->GetResolver()->Resolve(
        host.GetText(),
        DnsResolver::DoneCallback(
            [module](uint8_t result, std::vector<Ipv4Address> addresses, uint32_t ttl)
            {
                Ptr<AtEngine> engine = module->GetAtEngine();
                if (result != DnsResolver::SUCCESS || addresses.empty())
                {
                    engine->SendUrc("+QIURC: \"dnsgip\",565");
                    return;
                }
                engine->SendUrc("+QIURC: \"dnsgip\",0," + std::to_string(addresses.size()) + "," +
                                std::to_string(ttl));
                for (const auto& a : addresses)
                {
                    engine->SendUrc("+QIURC: \"dnsgip\"," + Quote(ToText(a)));
                }
            }));
}

void
QuectelNetworkCommands::Qidnscfg(const AtCommand& c)
{
    Ptr<AtEngine> e = m_module->GetAtEngine();
    uint32_t cid;
    if (c.GetForm() != AtCommand::WRITE || c.GetParameterCount() > 3 ||
        !ParseCid(c.GetParameter(0), cid))
    {
        e->FinishError();
        return;
    }
    Ptr<DnsResolver> resolver = m_module->GetResolver();
    if (c.GetParameterCount() == 1)
    {
        e->SendInfo("+QIDNSCFG: " + std::to_string(cid) + "," +
                    Quote(ToText(resolver->GetServer())) + "," + Quote(ToText(m_secondaryDns)));
        e->FinishOk();
        return;
    }
    Ipv4Address primary;
    Ipv4Address secondary = m_secondaryDns;
    auto parse = [](const AtParameter& p, Ipv4Address& out)
    {
        if (!p.IsString())
        {
            return false;
        }
        const std::string& t = p.GetText();
        int dots = 0;
        for (char ch : t)
        {
            if (ch == '.')
            {
                ++dots;
            }
            else if (ch < '0' || ch > '9')
            {
                return false;
            }
        }
        if (dots != 3)
        {
            return false;
        }
        out = Ipv4Address(t.c_str());
        return true;
    };
    if (!parse(c.GetParameter(1), primary) ||
        (!c.GetParameter(2).IsOmitted() && !parse(c.GetParameter(2), secondary)))
    {
        e->FinishError();
        return;
    }
    resolver->SetServer(primary);
    m_secondaryDns = secondary;
    e->FinishOk();
}

} // namespace lpwa
} // namespace ns3
