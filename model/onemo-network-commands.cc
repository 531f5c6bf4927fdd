/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "onemo-network-commands.h"

#include "lpwa-module.h"

#include "ns3/double.h"
#include "ns3/log.h"
#include "ns3/pointer.h"
#include "ns3/simulator.h"

namespace ns3
{
namespace lpwa
{

NS_LOG_COMPONENT_DEFINE("LpwaOneMoNetworkCommands");
NS_OBJECT_ENSURE_REGISTERED(OneMoNetworkCommands);

namespace
{

/// OneMO error codes (CME ERROR and result codes of the TCP/IP commands).
enum ErrorCode : uint32_t
{
    ERR_OK = 0,
    ERR_PARAMETER = 50,
    ERR_PDP_NOT_ACTIVE = 570,
    ERR_PDP_ACTIVATE = 571,
    ERR_PDP_DEACTIVATE = 572,
    ERR_DNS_FAILED = 580,
    ERR_DNS_BUSY = 581,
};

} // namespace

TypeId
OneMoNetworkCommands::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::lpwa::OneMoNetworkCommands")
            .SetParent<AtCommandSet>()
            .SetGroupName("LpwaModem")
            .AddConstructor<OneMoNetworkCommands>()
            .AddAttribute("Registration",
                          "The 3GPP registration part (AT+CEREG, AT+CGATT, AT+CGPADDR).",
                          TypeId::ATTR_GET,
                          PointerValue(),
                          MakePointerAccessor(&OneMoNetworkCommands::m_registration),
                          MakePointerChecker<CellularRegistration>())
            .AddAttribute("ActivationTime",
                          "Stand-in for the radio model: time from AT+MIPCALL=1 to its "
                          "+MIPCALL URC.",
                          TimeValue(Seconds(1)),
                          MakeTimeAccessor(&OneMoNetworkCommands::m_activationTime),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("DeactivationTime",
                          "Stand-in: time from AT+MIPCALL=0 to its +MIPCALL URC.",
                          TimeValue(MilliSeconds(200)),
                          MakeTimeAccessor(&OneMoNetworkCommands::m_deactivationTime),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("ActivationFailureProbability",
                          "Probability that AT+MIPCALL=1 fails (+MIPCALL: <cid>,0, error 571).",
                          DoubleValue(0.0),
                          MakeDoubleAccessor(&OneMoNetworkCommands::m_failureProbability),
                          MakeDoubleChecker<double>(0.0, 1.0));
    return tid;
}

OneMoNetworkCommands::OneMoNetworkCommands()
{
    NS_LOG_FUNCTION(this);
    m_rng = CreateObject<UniformRandomVariable>();
    m_registration = CreateObject<CellularRegistration>();
}

OneMoNetworkCommands::~OneMoNetworkCommands()
{
    NS_LOG_FUNCTION(this);
}

void
OneMoNetworkCommands::DoDispose()
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
OneMoNetworkCommands::AssignStreams(int64_t stream)
{
    m_rng->SetStream(stream);
    return 1;
}

Ptr<CellularRegistration>
OneMoNetworkCommands::GetRegistration() const
{
    return m_registration;
}

void
OneMoNetworkCommands::Install(Ptr<LpwaModule> module)
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
    e->RegisterCommand("+MIPCALL",
                       [this](const AtCommand& c)
                       {
                           Mipcall(c);
                       });
    e->RegisterCommand("+MDNSGIP",
                       [this](const AtCommand& c)
                       {
                           Mdnsgip(c);
                       });
    e->RegisterCommand("+CFUN",
                       [this](const AtCommand& c)
                       {
                           Cfun(c);
                       });
    e->RegisterCommand("+MPOF",
                       [this](const AtCommand& c)
                       {
                           Mpof(c);
                       });
    e->RegisterCommand("+MREBOOT",
                       [this](const AtCommand& c)
                       {
                           Mreboot(c);
                       });
}

void
OneMoNetworkCommands::Fail(uint32_t code)
{
    m_module->SetLastError(code);
    m_module->GetAtEngine()->FinishCmeError(code);
}

bool
OneMoNetworkCommands::ParseCid(const AtParameter& p, uint32_t& cid) const
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

void
OneMoNetworkCommands::Deactivate(uint32_t cid, bool byNetwork)
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
        m_module->GetAtEngine()->SendUrc("+MIPCALL: " + std::to_string(cid) + ",0");
    }
    m_module->NotifyPdpDeactivated(cid, byNetwork);
}

void
OneMoNetworkCommands::PowerOff()
{
    for (auto& event : m_pending)
    {
        event.Cancel();
    }
    m_pending.clear();
    m_dnsBusy = false;
    m_fun = 1;
    DeactivateAll(false);
    m_registration->PowerOff();
}

void
OneMoNetworkCommands::PowerOn()
{
    m_fun = m_module->GetBootFunctionality();
    m_registration->PowerOn();
}

uint8_t
OneMoNetworkCommands::GetFunctionality() const
{
    return m_fun;
}

void
OneMoNetworkCommands::Cfun(const AtCommand& c)
{
    // TS 27.007 8.2, as esp-ml307 uses it (AT+CFUN=4 flight mode, AT+CFUN=1): 0, 1, 4, and
    // <rst> 1 resets first.
    Ptr<AtEngine> e = m_module->GetAtEngine();
    int64_t fun = 0;
    int64_t rst = 0;
    switch (c.GetForm())
    {
        case AtCommand::TEST:
            e->SendInfo("+CFUN: (0,1,4),(0,1)");
            e->FinishOk();
            return;
        case AtCommand::READ:
            e->SendInfo("+CFUN: " + std::to_string(m_fun));
            e->FinishOk();
            return;
        case AtCommand::WRITE:
            if (c.GetParameterCount() <= 2 && c.GetParameter(0).GetInteger(fun, 0, 4) &&
                (fun == 0 || fun == 1 || fun == 4) &&
                (c.GetParameter(1).IsOmitted() || c.GetParameter(1).GetInteger(rst, 0, 1)))
            {
                e->FinishOk();
                if (rst == 1)
                {
                    m_module->Restart(static_cast<uint8_t>(fun));
                    return;
                }
                m_fun = static_cast<uint8_t>(fun);
                m_registration->SetRadioEnabled(fun == 1);
                return;
            }
            break;
        case AtCommand::EXECUTE:
            break;
    }
    e->FinishError();
}

bool
OneMoNetworkCommands::AcceptPowerCommand(const AtCommand& c, const std::string& urc)
{
    // AT+MREBOOT / AT+MPOF [=<mode>]: ML307R supports <mode> 0 only. OK, then the URC.
    Ptr<AtEngine> e = m_module->GetAtEngine();
    int64_t mode = 0;
    if (c.GetForm() == AtCommand::TEST)
    {
        e->FinishOk();
        return false;
    }
    if (!c.GetOptionalInteger(mode, 0, 0))
    {
        e->FinishError();
        return false;
    }
    e->FinishOk();
    e->SendUrc(urc);
    return true;
}

void
OneMoNetworkCommands::Mreboot(const AtCommand& c)
{
    // OneMO 4G extended AT manual 3.3 (esp-ml307's Reboot() sends AT+MREBOOT=0): OK,
    // REBOOTING, then the reset (+MATREADY when up).
    if (AcceptPowerCommand(c, "REBOOTING"))
    {
        m_module->Restart(1);
    }
}

void
OneMoNetworkCommands::Mpof(const AtCommand& c)
{
    // OneMO 4G extended AT manual 3.2: OK, POWER OFF, then the module is off
    // (LpwaModule::PowerOn() powers it up again).
    if (AcceptPowerCommand(c, "POWER OFF"))
    {
        m_module->PowerOff();
    }
}

void
OneMoNetworkCommands::DeactivateAll(bool byNetwork)
{
    const ModuleProfile& prof = m_module->GetProfile();
    for (uint32_t cid = prof.GetPdpContextIdMin(); cid <= prof.GetPdpContextIdMax(); ++cid)
    {
        Deactivate(cid, byNetwork);
    }
}

void
OneMoNetworkCommands::NetworkDetach()
{
    NS_LOG_FUNCTION(this);
    DeactivateAll(true);
}

void
OneMoNetworkCommands::Mipcall(const AtCommand& c)
{
    Ptr<AtEngine> e = m_module->GetAtEngine();
    const ModuleProfile& prof = m_module->GetProfile();
    if (c.GetForm() == AtCommand::TEST)
    {
        e->SendInfo("+MIPCALL: (0,1),(" + std::to_string(prof.GetPdpContextIdMin()) + "-" +
                    std::to_string(prof.GetPdpContextIdMax()) +
                    "),<APN>,<username>,<password>,(0-3)");
        e->FinishOk();
        return;
    }
    if (c.GetForm() == AtCommand::READ)
    {
        for (uint32_t cid = prof.GetPdpContextIdMin(); cid <= prof.GetPdpContextIdMax(); ++cid)
        {
            PdpContext* pdp = m_module->GetPdpContext(cid);
            if (pdp->IsActive())
            {
                e->SendInfo("+MIPCALL: " + std::to_string(cid) + ",1,\"" +
                            CellularRegistration::ToText(pdp->GetAddress()) + "\"");
            }
        }
        e->FinishOk();
        return;
    }
    int64_t operation;
    uint32_t cid = prof.GetPdpContextIdMin();
    int64_t auth = 0;
    const AtParameter& apn = c.GetParameter(2);
    const AtParameter& user = c.GetParameter(3);
    const AtParameter& pwd = c.GetParameter(4);
    if (c.GetForm() != AtCommand::WRITE || c.GetParameterCount() > 6 ||
        !c.GetParameter(0).GetInteger(operation, 0, 1) ||
        (!c.GetParameter(1).IsOmitted() && !ParseCid(c.GetParameter(1), cid)) ||
        (!apn.IsOmitted() && !apn.IsString()) || (!user.IsOmitted() && !user.IsString()) ||
        (!pwd.IsOmitted() && !pwd.IsString()) ||
        (!c.GetParameter(5).IsOmitted() && !c.GetParameter(5).GetInteger(auth, 0, 3)) ||
        (operation == 0 && c.GetParameterCount() > 2))
    {
        Fail(ERR_PARAMETER);
        return;
    }
    PdpContext* pdp = m_module->GetPdpContext(cid);
    if (operation == 0)
    {
        if (pdp->GetState() != PdpContext::ACTIVE)
        {
            Fail(ERR_PDP_DEACTIVATE);
            return;
        }
        pdp->SetState(PdpContext::DEACTIVATING);
        m_module->SetLastError(ERR_OK);
        e->FinishOk();
        m_pending.push_back(Simulator::Schedule(m_deactivationTime,
                                                [this, cid]()
                                                {
                                                    Deactivate(cid, false);
                                                    m_module->GetAtEngine()->SendUrc(
                                                        "+MIPCALL: " + std::to_string(cid) + ",0");
                                                }));
        return;
    }
    uint32_t active = 0;
    for (uint32_t i = prof.GetPdpContextIdMin(); i <= prof.GetPdpContextIdMax(); ++i)
    {
        active += m_module->GetPdpContext(i)->GetState() != PdpContext::INACTIVE ? 1 : 0;
    }
    if (pdp->IsActive())
    {
        // OneMO 4G extended AT manual 4.17: a context that is connected already answers OK.
        m_module->SetLastError(ERR_OK);
        e->FinishOk();
        return;
    }
    if (pdp->GetState() != PdpContext::INACTIVE || !m_registration->IsAttached() ||
        active >= prof.GetMaxActivePdpContexts())
    {
        Fail(ERR_PDP_ACTIVATE);
        return;
    }
    if (!apn.IsOmitted())
    {
        pdp->Configure(1, apn.GetText(), user.GetText(), pwd.GetText(), static_cast<uint8_t>(auth));
    }
    pdp->SetState(PdpContext::ACTIVATING);
    m_module->SetLastError(ERR_OK);
    e->FinishOk();
    m_registration->RunActivationSignalling(
        m_activationTime,
        [this, pdp, cid](bool signalled)
        {
            Ptr<AtEngine> engine = m_module->GetAtEngine();
            if (pdp->GetState() != PdpContext::ACTIVATING)
            {
                return; // detached meanwhile
            }
            if (!signalled ||
                (m_failureProbability > 0 && m_rng->GetValue() < m_failureProbability))
            {
                NS_LOG_INFO("PDP context " << cid << " activation failed");
                pdp->SetState(PdpContext::INACTIVE);
                m_module->SetLastError(ERR_PDP_ACTIVATE);
                engine->SendUrc("+MIPCALL: " + std::to_string(cid) + ",0");
                return;
            }
            pdp->SetAddress(m_registration->GetNodeAddress());
            pdp->SetState(PdpContext::ACTIVE);
            engine->SendUrc("+MIPCALL: " + std::to_string(cid) + ",1,\"" +
                            CellularRegistration::ToText(pdp->GetAddress()) + "\"");
        });
}

void
OneMoNetworkCommands::Mdnsgip(const AtCommand& c)
{
    Ptr<AtEngine> e = m_module->GetAtEngine();
    if (c.GetForm() == AtCommand::TEST)
    {
        e->FinishOk();
        return;
    }
    uint32_t cid = m_module->GetProfile().GetPdpContextIdMin();
    const AtParameter& host = c.GetParameter(0);
    if (c.GetForm() != AtCommand::WRITE || c.GetParameterCount() > 2 || !host.IsString() ||
        host.GetText().empty() ||
        (!c.GetParameter(1).IsOmitted() && !ParseCid(c.GetParameter(1), cid)))
    {
        Fail(ERR_PARAMETER);
        return;
    }
    if (!m_module->GetPdpContext(cid)->IsActive())
    {
        Fail(ERR_PDP_NOT_ACTIVE);
        return;
    }
    if (m_dnsBusy)
    {
        Fail(ERR_DNS_BUSY);
        return;
    }
    m_dnsBusy = true;
    m_module->SetLastError(ERR_OK);
    e->FinishOk();
    const std::string name = host.GetText();
    m_module->GetResolver()->Resolve(
        name,
        DnsResolver::DoneCallback(
            [this, name](uint8_t result, std::vector<Ipv4Address> addresses, uint32_t)
            {
                if (!m_module)
                {
                    return;
                }
                m_dnsBusy = false;
                Ptr<AtEngine> engine = m_module->GetAtEngine();
                std::string line = "+MDNSGIP: \"" + name + "\"";
                if (result != DnsResolver::SUCCESS || addresses.empty())
                {
                    // The command's one final result was its OK: a failed lookup is told in
                    // the URC itself, which then carries the domain name alone.
                    m_module->SetLastError(ERR_DNS_FAILED);
                    engine->SendUrc(line);
                    return;
                }
                for (const auto& a : addresses)
                {
                    line += ",\"" + CellularRegistration::ToText(a) + "\"";
                }
                engine->SendUrc(line);
            }));
}

} // namespace lpwa
} // namespace ns3
