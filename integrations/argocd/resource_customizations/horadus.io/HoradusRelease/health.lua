-- Argo CD health of a horadus.io/HoradusRelease, read from the summary conditions the operator writes
-- (kstatus: Ready, Reconciling, Stalled; see docs/crd-reference.md#conditions and docs/gitops.md).
-- Argo CD's sandbox opens only the base, table and a safe os library: no string library here.
local hs = {}

local function condition(conditionType)
  for _, c in ipairs(obj.status.conditions) do
    if c.type == conditionType then
      return c
    end
  end
  return nil
end

local function is(c, value)
  return c ~= nil and c.status == value
end

local function said(c)
  return tostring(c.reason) .. ": " .. tostring(c.message)
end

-- Conditions that add to the summary without changing the verdict.
local function notes(message)
  local healthy = condition("Healthy")
  local drifted = condition("Drifted")
  local request = condition("RollbackRequest")
  local rolledBack = condition("RolledBack")
  if is(condition("Ready"), "True") and is(healthy, "False") and healthy.reason == "CheckFailing" then
    message = message .. "; " .. said(healthy)
  end
  -- The version a rollback restored fails its checks too: reported, never rolled back again.
  if is(rolledBack, "True") and is(condition("Stalled"), "True") and is(healthy, "False") then
    message = message .. "; " .. said(healthy)
  end
  if is(drifted, "True") and drifted.reason == "Reconverged" then
    message = message .. "; " .. said(drifted)
  end
  if is(request, "False") then
    message = message .. "; " .. said(request)
  end
  return message
end

if obj.metadata ~= nil and obj.metadata.deletionTimestamp ~= nil then
  hs.status = "Progressing"
  hs.message = "Pending deletion"
  if obj.metadata.finalizers ~= nil and #obj.metadata.finalizers > 0 then
    hs.message = "Pending deletion; blocked by finalizers: " .. table.concat(obj.metadata.finalizers, ", ")
  end
  return hs
end

if obj.status == nil or obj.status.conditions == nil or #obj.status.conditions == 0 then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to report a status"
  if obj.status ~= nil and obj.status.phase ~= nil then
    hs.message = hs.message .. " (phase " .. obj.status.phase .. ")"
  end
  return hs
end

-- A spec the operator has not reconciled yet: what status says is about the spec before (kstatus does the same).
local generation = obj.metadata.generation
local observed = obj.status.observedGeneration
if generation ~= nil and observed ~= nil and observed ~= generation then
  hs.status = "Progressing"
  hs.message = "The operator has not reconciled generation " .. tostring(generation) .. " yet (the status is for generation "
    .. tostring(observed) .. ")"
  return hs
end

local ready = condition("Ready")
local reconciling = condition("Reconciling")
local stalled = condition("Stalled")

if obj.spec ~= nil and obj.spec.suspend == true then
  hs.status = "Suspended"
  local runs = "nothing released yet"
  if obj.status.currentTag ~= nil then
    runs = "the host runs " .. obj.status.currentTag
  end
  hs.message = "Suspended: spec.suspend is true (" .. runs .. ")"
  if reconciling ~= nil and reconciling.reason == "Suspended" then
    hs.message = said(reconciling) .. " (" .. runs .. ")"
  end
  return hs
end

-- Failed for good until the spec changes or a person acts: a failed step, checks that stay failed with nothing
-- to return to, a failed rollback, or a rollback done (spec.tag names a release the host no longer runs).
if is(stalled, "True") then
  hs.status = "Degraded"
  hs.message = notes(said(stalled))
  return hs
end

if is(ready, "True") then
  -- The host no longer runs the release's images and the operator does not put them back.
  local drifted = condition("Drifted")
  if is(drifted, "True") and (drifted.reason == "Drifted" or drifted.reason == "ReconvergeFailed") then
    hs.status = "Degraded"
    hs.message = notes(said(drifted))
    return hs
  end
  -- A tag an upstream stage rolled back runs here and the operator leaves it (onUpstreamRollback: Report).
  local upstream = condition("UpstreamVerified")
  if is(upstream, "False") and upstream.reason == "UpstreamRolledBack" then
    hs.status = "Degraded"
    hs.message = notes(said(upstream))
    return hs
  end
  hs.status = "Healthy"
  hs.message = notes(said(ready))
  return hs
end

if is(reconciling, "True") then
  -- Waiting for a person (a reviewer's HoradusApproval): Ready=False yet not Stalled.
  if is(ready, "False") then
    if ready.reason == "AwaitingApproval" then
      hs.status = "Suspended"
    else
      hs.status = "Degraded"
    end
    hs.message = notes(said(ready))
    return hs
  end
  -- A step under way, a rollback, or a transient error retried with backoff (HostUnreachable,
  -- SourceUnreachable, WorkDirFull, StatusRefused, RetryingAfterError): as Argo CD's own Flux checks, Progressing.
  hs.status = "Progressing"
  hs.message = notes(said(reconciling))
  return hs
end

hs.status = "Progressing"
hs.message = "Waiting for the operator to say where the release stands"
if ready ~= nil then
  hs.message = hs.message .. " (" .. said(ready) .. ")"
end
return hs
