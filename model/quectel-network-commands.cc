/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "quectel-network-commands.h"

#include "lpwa-module.h"

#include "ns3/double.h"
#include "ns3/log.h"
#include "ns3/pointer.h"
#include "ns3/simulator.h"
#include "ns3/uinteger.h"

namespace ns3
{
namespace lpwa
{

NS_LOG_COMPONENT_DEFINE("LpwaQuectelNetworkCommands");
NS_OBJECT_ENSURE_REGISTERED(QuectelNetworkCommands);

namespace
{

/// Quote a string.
std::string
Quote(const std::string& s)
{
    return "\"" + s + "\"";
}

/// Dotted-quad text of an address.
std::string
ToText(Ipv4Address a)
{
    return CellularRegistration::ToText(a);
}

/// The value of a Time attribute of an object.
Time
TimeAttribute(Ptr<const Object> object, const std::string& name)
{
    TimeValue v;
    object->GetAttribute(name, v);
    return v.Get();
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
            .AddAttribute("Registration",
                          "The 3GPP registration part (AT+CEREG, AT+CGATT, AT+CGPADDR).",
                          TypeId::ATTR_GET,
                          PointerValue(),
                          MakePointerAccessor(&QuectelNetworkCommands::m_registration),
                          MakePointerChecker<CellularRegistration>())
            .AddAttribute("RegistrationTime",
                          "Stand-in for the radio model: time after the start of the simulation "
                          "when the module registers (+CEREG stat 1) and attaches to packet "
                          "service by itself (forwards to Registration/RegistrationTime).",
                          TimeValue(Seconds(2)),
                          MakeTimeAccessor(&QuectelNetworkCommands::SetRegistrationTime,
                                           &QuectelNetworkCommands::GetRegistrationTime),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("AttachTime",
                          "Stand-in: time AT+CGATT=1 takes to attach when detached (forwards to "
                          "Registration/AttachTime).",
                          TimeValue(Seconds(2)),
                          MakeTimeAccessor(&QuectelNetworkCommands::SetAttachTime,
                                           &QuectelNetworkCommands::GetAttachTime),
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
    m_registration = CreateObject<CellularRegistration>();
    m_registration->SetAttribute("AccessTechnology", UintegerValue(8)); // E-UTRAN eMTC
    m_secondaryDns = Ipv4Address("0.0.0.0");
}

QuectelNetworkCommands::~QuectelNetworkCommands()
{
    NS_LOG_FUNCTION(this);
}

void
QuectelNetworkCommands::DoDispose()
{
    for (auto& e : m_pending)
    {
        e.Cancel();
    }
    m_pending.clear();
    if (m_registration)
    {
        m_registration->Dispose();
        m_registration = nullptr;
    }
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

Ptr<CellularRegistration>
QuectelNetworkCommands::GetRegistration() const
{
    return m_registration;
}

void
QuectelNetworkCommands::SetRegistrationTime(Time t)
{
    m_registration->SetAttribute("RegistrationTime", TimeValue(t));
}

Time
QuectelNetworkCommands::GetRegistrationTime() const
{
    return TimeAttribute(m_registration, "RegistrationTime");
}

void
QuectelNetworkCommands::SetAttachTime(Time t)
{
    m_registration->SetAttribute("AttachTime", TimeValue(t));
}

Time
QuectelNetworkCommands::GetAttachTime() const
{
    return TimeAttribute(m_registration, "AttachTime");
}

void
QuectelNetworkCommands::Install(Ptr<LpwaModule> module)
{
    NS_LOG_FUNCTION(this);
    m_module = module;
    m_registration->Install(module);
    m_registration->SetDetachCallback(
        [this]()
        {
            DeactivateAll(false);
        });
    m_registration->SetNetworkDetachCallback(
        [this]()
        {
            NetworkDetach();
        });
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
    reg("+QIDNSGIP", &QuectelNetworkCommands::Qidnsgip);
    reg("+QIDNSCFG", &QuectelNetworkCommands::Qidnscfg);
    reg("+CGDCONT", &QuectelNetworkCommands::Cgdcont);
    reg("+CGACT", &QuectelNetworkCommands::Cgact);
}

void
QuectelNetworkCommands::PowerOff()
{
    for (auto& event : m_pending)
    {
        event.Cancel();
    }
    m_pending.clear();
    DeactivateAll(false);
    m_registration->PowerOff();
}

void
QuectelNetworkCommands::PowerOn()
{
    m_registration->PowerOn();
}

void
QuectelNetworkCommands::SetRadioEnabled(bool enabled)
{
    m_registration->SetRadioEnabled(enabled);
}

bool
QuectelNetworkCommands::IsRadioEnabled() const
{
    return m_registration->IsRadioEnabled();
}

bool
QuectelNetworkCommands::IsRegistered() const
{
    return m_registration->IsRegistered();
}

bool
QuectelNetworkCommands::IsAttached() const
{
    return m_registration->IsAttached();
}

Ipv4Address
QuectelNetworkCommands::GetNodeAddress() const
{
    return m_registration->GetNodeAddress();
}

Ipv4Address
QuectelNetworkCommands::GetPdpAddress(uint32_t cid) const
{
    return m_registration->GetPdpAddress(cid);
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
    StartActivation(cid);
}

void
QuectelNetworkCommands::StartActivation(uint32_t cid)
{
    Ptr<AtEngine> e = m_module->GetAtEngine();
    PdpContext* pdp = m_module->GetPdpContext(cid);
    uint32_t active = 0;
    const ModuleProfile& prof = m_module->GetProfile();
    for (uint32_t i = prof.GetPdpContextIdMin(); i <= prof.GetPdpContextIdMax(); ++i)
    {
        active += m_module->GetPdpContext(i)->GetState() != PdpContext::INACTIVE ? 1 : 0;
    }
    if (pdp->GetState() != PdpContext::INACTIVE || !m_registration->IsAttached() ||
        active >= prof.GetMaxActivePdpContexts())
    {
        m_module->SetLastError(561);
        e->FinishError();
        return;
    }
    pdp->SetState(PdpContext::ACTIVATING);
    m_registration->RunActivationSignalling(
        m_activationTime,
        [this, e, pdp, cid](bool signalled)
        {
            if (pdp->GetState() != PdpContext::ACTIVATING || !signalled)
            {
                if (pdp->GetState() == PdpContext::ACTIVATING)
                {
                    pdp->SetState(PdpContext::INACTIVE);
                }
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
        });
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
    StartDeactivation(cid);
}

void
QuectelNetworkCommands::StartDeactivation(uint32_t cid)
{
    Ptr<AtEngine> e = m_module->GetAtEngine();
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
QuectelNetworkCommands::Cgdcont(const AtCommand& c)
{
    // TS 27.007 10.1.1: +CGDCONT=<cid>[,<PDP_type>[,<APN>]]: the same contexts as AT+QICSGP
    // (type 1 IP, 2 IPV6, 3 IPV4V6); user name, password and authentication stay.
    static const char* const types[] = {"", "IP", "IPV6", "IPV4V6"};
    Ptr<AtEngine> e = m_module->GetAtEngine();
    const ModuleProfile& prof = m_module->GetProfile();
    if (c.GetForm() == AtCommand::TEST)
    {
        for (uint32_t t = 1; t <= 3; ++t)
        {
            e->SendInfo("+CGDCONT: " + CidRange() + ",\"" + types[t] + "\",,,(0),(0)");
        }
        e->FinishOk();
        return;
    }
    if (c.GetForm() == AtCommand::READ)
    {
        for (uint32_t cid = prof.GetPdpContextIdMin(); cid <= prof.GetPdpContextIdMax(); ++cid)
        {
            PdpContext* pdp = m_module->GetPdpContext(cid);
            if (pdp->IsConfigured())
            {
                e->SendInfo(
                    "+CGDCONT: " + std::to_string(cid) + ",\"" + types[pdp->GetType()] + "\"," +
                    Quote(pdp->GetApn()) + "," +
                    Quote(ToText(pdp->IsActive() ? pdp->GetAddress() : Ipv4Address("0.0.0.0"))) +
                    ",0,0");
            }
        }
        e->FinishOk();
        return;
    }
    uint32_t cid;
    const AtParameter& type = c.GetParameter(1);
    const AtParameter& apn = c.GetParameter(2);
    uint8_t typeValue = 0;
    for (uint8_t t = 1; t <= 3 && type.IsString(); ++t)
    {
        if (type.GetText() == types[t])
        {
            typeValue = t;
        }
    }
    if (c.GetForm() != AtCommand::WRITE || c.GetParameterCount() < 2 || c.GetParameterCount() > 6 ||
        !ParseCid(c.GetParameter(0), cid) || typeValue == 0 ||
        (!apn.IsOmitted() && !apn.IsString()))
    {
        e->FinishError();
        return;
    }
    PdpContext* pdp = m_module->GetPdpContext(cid);
    if (pdp->GetState() != PdpContext::INACTIVE)
    {
        e->FinishError(); // an active context keeps its definition
        return;
    }
    pdp->Configure(typeValue,
                   apn.IsOmitted() ? std::string() : apn.GetText(),
                   pdp->GetUser(),
                   pdp->GetPassword(),
                   pdp->GetAuthentication());
    e->FinishOk();
}

void
QuectelNetworkCommands::Cgact(const AtCommand& c)
{
    // TS 27.007 10.1.10: +CGACT=<state>,<cid>: the AT+QIACT / AT+QIDEACT signalling; a context
    // already in the asked state is OK.
    Ptr<AtEngine> e = m_module->GetAtEngine();
    const ModuleProfile& prof = m_module->GetProfile();
    if (c.GetForm() == AtCommand::TEST)
    {
        e->SendInfo("+CGACT: (0,1)");
        e->FinishOk();
        return;
    }
    if (c.GetForm() == AtCommand::READ)
    {
        for (uint32_t cid = prof.GetPdpContextIdMin(); cid <= prof.GetPdpContextIdMax(); ++cid)
        {
            PdpContext* pdp = m_module->GetPdpContext(cid);
            if (pdp->IsConfigured() || pdp->IsActive())
            {
                e->SendInfo("+CGACT: " + std::to_string(cid) + "," + (pdp->IsActive() ? "1" : "0"));
            }
        }
        e->FinishOk();
        return;
    }
    int64_t state = 0;
    uint32_t cid;
    if (c.GetForm() != AtCommand::WRITE || c.GetParameterCount() != 2 ||
        !c.GetParameter(0).GetInteger(state, 0, 1) || !ParseCid(c.GetParameter(1), cid))
    {
        e->FinishError();
        return;
    }
    PdpContext* pdp = m_module->GetPdpContext(cid);
    if ((state == 1 && pdp->IsActive()) || (state == 0 && pdp->GetState() == PdpContext::INACTIVE))
    {
        e->FinishOk();
        return;
    }
    if (state == 1)
    {
        StartActivation(cid);
    }
    else
    {
        StartDeactivation(cid);
    }
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
