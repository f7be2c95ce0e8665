export { createSessionSchema } from "@/lib/interview/protocol";
